import { CsvError, parse } from 'csv-parse/sync';
import { csvCell, FORMULA_START } from '@liaison/core';
import { normaliseContact, type ContactFields, type NormalisedContact } from '../contacts/contact-input.js';

/**
 * The directory CSV: a header row naming these columns in any order, then one contact per row.
 * List cells (emails, phones, languages, expertise) separate their items with `;`; a phone may
 * carry its kind, `mobile:+48600100200` (work when none is written).
 */
export const CONTACT_CSV_COLUMNS = [
  'organisation_id',
  'full_name',
  'position',
  'emails',
  'phones',
  'languages',
  'expertise',
  'time_zone',
  'status',
  'visibility',
] as const;
export type ContactCsvColumn = (typeof CONTACT_CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly ContactCsvColumn[] = ['organisation_id', 'full_name', 'emails'];

export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxBytes: 5 * 1024 * 1024, maxRows: 10_000 };

/** A valid row: its fields already normalised (`normaliseContact` accepts them unchanged). */
export interface ParsedRow {
  /** The physical line of the file where the row starts; the header is line 1. */
  row: number;
  fields: ContactFields;
}

/** The problems of one cell; `column` is the CSV column, or '' when the row as a whole is wrong. */
export interface CsvRowError {
  row: number;
  column: string;
  reasons: string[];
}

/**
 * A row is either in `rows` or has one or more entries in `errors`. When `fileErrors` is not
 * empty the file was not read at all, and `rows` and `errors` are empty.
 */
export interface ParsedContactsCsv {
  rows: ParsedRow[];
  errors: CsvRowError[];
  fileErrors: string[];
}

/** The columns a contact is written to, as the entity holds them. */
export interface ContactCsvRecord {
  organisationId: string;
  fullName: string;
  position: string | null;
  emails: string[];
  phones: { number: string; kind: string }[];
  languages: string[];
  expertise: string[];
  timeZone: string | null;
  status: string;
  visibility: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CR = 0x0d;
const LF = 0x0a;
const FIELD_COLUMNS: Record<string, ContactCsvColumn> = {
  organisationId: 'organisation_id',
  fullName: 'full_name',
  timeZone: 'time_zone',
};
/** Cells a spreadsheet would run as a formula; `'` before them is how the export disarms them. */

/**
 * Reads a directory CSV (UTF-8, with or without BOM; comma-separated, or semicolon-separated as
 * Excel writes it in many European locales) and checks every row with `normaliseContact`.
 *
 * Empty cells: in position and time_zone an empty cell is null (no position, no time zone), so
 * what the export writes for null reads back as null; in every other column an empty cell is
 * "not given" (undefined), as is a column the header does not have. A cell that the export
 * disarmed with a leading `'` (see `contactCsvLine`) is read without it.
 */
export function parseContactsCsv(buffer: Buffer, limits: Partial<CsvLimits> = {}): ParsedContactsCsv {
  const { maxBytes, maxRows } = { ...DEFAULT_CSV_LIMITS, ...limits };
  const refuse = (reason: string): ParsedContactsCsv => ({ rows: [], errors: [], fileErrors: [reason] });

  if (buffer.length > maxBytes)
    return refuse(`the file is ${size(buffer.length)}; at most ${size(maxBytes)} per import`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return refuse('the file is not UTF-8; save it as CSV UTF-8');
  }
  // UTF-16 text of Latin letters is valid UTF-8 full of NULs, which no CSV of ours contains.
  if (text.includes('\u0000')) return refuse('the file is not UTF-8; save it as CSV UTF-8');

  const lineOf = lineFinder(buffer);
  const records: { cells: string[]; row: number }[] = [];
  let recordStart = 0;
  try {
    parse(buffer, {
      bom: true,
      delimiter: delimiterOf(text),
      // Any line end, even mixed in one file (a row added by hand in another editor).
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      // A quote inside an unquoted cell (Jan "Johnny" Kowalski) is taken as written.
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (cells: string[], info) => {
        // The parser's own line count is off after a CRLF inside quotes; byte offsets are exact.
        records.push({ cells, row: lineOf(recordStart) });
        recordStart = info.bytes;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return refuse(malformed(error, lineOf(recordStart)));
  }

  const [header, ...data] = records.filter((r) => r.cells.some((cell) => cell.trim() !== ''));
  if (!header || data.length === 0) return refuse('the file has no rows');
  const columns = header.cells.map((name) => name.trim().toLowerCase());
  const headerErrors = checkHeader(columns);
  if (headerErrors.length > 0) return { rows: [], errors: [], fileErrors: headerErrors };
  if (data.length > maxRows) return refuse(`the file has ${data.length} rows; at most ${maxRows} per import`);

  const rows: ParsedRow[] = [];
  const errors: CsvRowError[] = [];
  const firstRowOfEmail = new Map<string, number>();
  for (const { cells, row } of data) {
    if (cells.length !== columns.length) {
      errors.push({
        row,
        column: '',
        reasons: [`the row has ${cells.length} cells; the header has ${columns.length}`],
      });
      continue;
    }
    const { value, problems } = checkRow(new Map(columns.map((column, i) => [column, disarmed(cells[i])])));
    const primary = value.emails?.[0];
    if (primary) {
      const first = firstRowOfEmail.get(primary);
      if (first === undefined) firstRowOfEmail.set(primary, row);
      else
        addProblem(problems, 'emails', `the primary e-mail ${primary} is already the primary e-mail of row ${first}`);
    }
    if (problems.size === 0) {
      const { expertiseFolded: _folded, ...fields } = value;
      rows.push({ row, fields });
    } else {
      for (const column of CONTACT_CSV_COLUMNS) {
        const reasons = problems.get(column);
        if (reasons) errors.push({ row, column, reasons });
      }
    }
  }
  return { rows, errors, fileErrors: [] };
}

/** The header row of the directory CSV, ending with CRLF. */
export function contactsCsvHeader(): string {
  return `${CONTACT_CSV_COLUMNS.join(',')}\r\n`;
}

/**
 * One contact as a row of the directory CSV, ending with CRLF (RFC 4180 quoting). A cell that a
 * spreadsheet would run as a formula (= + - @ tab CR) gets a leading `'`, which the import removes.
 * Phones are written `kind:+number`, so the phones cell never needs it.
 */
export function contactCsvLine(contact: ContactCsvRecord): string {
  const cells: Record<ContactCsvColumn, string> = {
    organisation_id: contact.organisationId,
    full_name: contact.fullName,
    position: contact.position ?? '',
    emails: contact.emails.join(';'),
    phones: contact.phones.map((p) => `${p.kind}:${p.number}`).join(';'),
    languages: contact.languages.join(';'),
    expertise: contact.expertise.join(';'),
    time_zone: contact.timeZone ?? '',
    status: contact.status,
    visibility: contact.visibility,
  };
  return `${CONTACT_CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',')}\r\n`;
}

function disarmed(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

/** A row's contact fields, normalised, and its problems by column. */
function checkRow(cellOf: Map<string, string>): { value: NormalisedContact; problems: Map<string, string[]> } {
  const problems = new Map<string, string[]>();
  const fail = (column: string, reason: string) => addProblem(problems, column, reason);
  const input: ContactFields = {};
  const cell = (column: ContactCsvColumn) => cellOf.get(column)?.trim();
  const list = (column: ContactCsvColumn) => {
    const items = cell(column)
      ?.split(';')
      .map((item) => item.trim())
      .filter(Boolean);
    return items?.length ? items : undefined;
  };

  // Empty required cells are reported here rather than by the contact rules' generic messages.
  const organisationId = cell('organisation_id');
  if (!organisationId) fail('organisation_id', 'organisation_id is required');
  else if (!UUID.test(organisationId))
    fail('organisation_id', `"${organisationId}" is not an organisation id (a UUID)`);
  else input.organisationId = organisationId.toLowerCase();
  const fullName = cell('full_name');
  if (fullName) input.fullName = fullName;
  else fail('full_name', 'full_name is required');

  input.emails = list('emails') ?? [];
  input.phones = list('phones')?.map(phoneOf);
  input.languages = list('languages');
  input.expertise = list('expertise');
  if (cellOf.has('position')) input.position = cell('position') || null;
  if (cellOf.has('time_zone')) input.timeZone = cell('time_zone') || null;
  input.status = cell('status')?.toLowerCase() || undefined;
  input.visibility = cell('visibility')?.toLowerCase() || undefined;

  const { value, errors } = normaliseContact(input);
  for (const { field, reasons } of errors) {
    for (const reason of reasons) fail(columnOf(field), readableReason(reason));
  }
  return { value, problems };
}

function addProblem(problems: Map<string, string[]>, column: string, reason: string): void {
  problems.set(column, [...(problems.get(column) ?? []), reason]);
}

/** `mobile:+48600100200` or `+48600100200` (a work number). */
function phoneOf(item: string): { number: string; kind?: string } {
  const match = /^([a-z]+)\s*:\s*(.*)$/i.exec(item);
  return match ? { kind: match[1].toLowerCase(), number: match[2] } : { number: item };
}

function checkHeader(columns: string[]): string[] {
  const known = new Set<string>(CONTACT_CSV_COLUMNS);
  const errors: string[] = [];
  const unnamed = columns.flatMap((name, i) => (name === '' ? [i + 1] : []));
  const unknown = columns.filter((name) => name !== '' && !known.has(name));
  const repeated = [...new Set(columns.filter((name, i) => name !== '' && columns.indexOf(name) !== i))];
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (unknown.length > 0) {
    errors.push(`unknown columns: ${unknown.join(', ')}; the columns are ${CONTACT_CSV_COLUMNS.join(', ')}`);
  }
  if (unnamed.length > 0) errors.push(`the header names no column at position ${unnamed.join(', ')}`);
  if (repeated.length > 0) errors.push(`repeated columns: ${repeated.join(', ')}`);
  if (missing.length > 0) errors.push(`missing required columns: ${missing.join(', ')}`);
  return errors;
}

/** `emails[1]` → emails, `phones[0].number` → phones, `fullName` → full_name. */
function columnOf(field: string): string {
  const base = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  return FIELD_COLUMNS[base] ?? base;
}

/** The contact rules name fields as the API does; a CSV user knows the column names. */
function readableReason(reason: string): string {
  return reason.replace(/\b(organisationId|fullName|timeZone)\b/g, (field) => FIELD_COLUMNS[field]);
}

/** Excel writes `;` between cells where the decimal separator is a comma; the header tells which. */
function delimiterOf(text: string): string {
  const header = text.split(/\r\n|\n|\r/, 1)[0];
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

/** The 1-based line that a byte offset falls on, counting CRLF, LF and CR line ends. */
function lineFinder(buffer: Buffer): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i] === CR && buffer[i + 1] === LF) i++;
    if (buffer[i] === CR || buffer[i] === LF) starts.push(i + 1);
  }
  return (offset) => {
    // Blank lines the parser skipped come before the row, not in it.
    while (buffer[offset] === CR || buffer[offset] === LF) offset++;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

function malformed(error: CsvError, line: number): string {
  // Quotes inside cells are read as written (relax_quotes), so an unclosed quote is what remains.
  return error.code === 'CSV_QUOTE_NOT_CLOSED'
    ? `the file is not valid CSV: the row starting on line ${line} opens a quote that is never closed`
    : `the file is not valid CSV: the row starting on line ${line} cannot be read (${error.message})`;
}

function size(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number(mb.toFixed(1))} MB`;
  return bytes >= 1024 ? `${Math.ceil(bytes / 1024)} kB` : `${bytes} bytes`;
}
