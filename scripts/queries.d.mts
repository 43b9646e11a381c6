/** One statement a repository runs: where (`Class.method`) and its SQL as written out. */
export interface WrittenStatement {
  place: string;
  sql: string;
}
export function statementsOf(file: string): WrittenStatement[];
export function renderQueryFiles(): Map<string, string>;
