// Writes every statement the repositories run to `queries/<context>/<repository>.sql`, so that a
// change to a query shows as SQL in review; `--check` exits 1 when the committed files differ.
//
// A statement is the SQL argument of a `.query(…)` call in a `*.repository.ts` file, or a SQL
// literal handed to any other call there, read from the source with the TypeScript parser. `${NAME}` is written out when NAME is a top-level
// constant string of the same file; any other interpolation stays as `${…}`, so a statement
// assembled at run time still shows its fixed parts and where the fragments go.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'queries');
const CONTINUED = '\u0001';
const SQL_START =
  /^\s*(\(|SELECT|INSERT|UPDATE|DELETE|WITH|LOCK|SET|NOTIFY|LISTEN|UNLISTEN|CREATE|DROP|TRUNCATE|VALUES|ALTER)\b/i;

/** The repository files under `libs/` and `apps/`, in a stable order. */
function repositoryFiles(dir = ROOT, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === ROOT && !['libs', 'apps'].includes(entry.name)) continue;
      repositoryFiles(path, found);
    } else if (entry.name.endsWith('.repository.ts')) found.push(path);
  }
  return found;
}

/** The top-level `const NAME = '…'` (or a template of such constants) of a source file. */
function constantStrings(source) {
  const declared = new Map();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer) declared.set(d.name.text, d.initializer);
    }
  }
  const values = new Map();
  const resolving = new Set();
  const value = (name) => {
    if (values.has(name)) return values.get(name);
    const init = declared.get(name);
    if (!init || resolving.has(name)) return undefined;
    resolving.add(name);
    const text = stringOf(init, value, source, false);
    resolving.delete(name);
    values.set(name, text);
    return text;
  };
  return value;
}

/**
 * The text of a string-valued expression. With `loose`, interpolations that are not constants
 * stay as `${…}`; without it, such an expression has no fixed text.
 */
function stringOf(node, constant, source, loose) {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) node = node.expression;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isIdentifier(node)) return constant(node.text) ?? (loose ? `\${${node.text}}` : undefined);
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const part = stringOf(span.expression, constant, source, false);
      if (part === undefined && !loose) return undefined;
      text += (part === undefined ? `\${${span.expression.getText(source)}}` : inserted(part)) + span.literal.text;
    }
    return text;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = stringOf(node.left, constant, source, loose);
    const right = stringOf(node.right, constant, source, loose);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return loose ? `\${${node.getText(source)}}` : undefined;
}

/**
 * A constant's text as it goes into a statement: its continuation lines lose their own
 * indentation and are marked, so that the layout indents them as the continuation they are.
 */
function inserted(part) {
  const [first, ...rest] = part.split('\n');
  const bare = rest.map((l) => (l.startsWith(CONTINUED) ? l.slice(1) : l));
  const indent = Math.min(...bare.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return [first, ...bare.map((l) => CONTINUED + l.slice(Math.min(indent, l.length - l.trimStart().length)))].join('\n');
}

/** Where a statement is run: `Class.method`, or the enclosing function's name. */
function placeOf(node) {
  const names = [];
  let field = '';
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isPropertyAssignment(n) && names.length === 0 && !field) field = n.name.getText();
    if ((ts.isMethodDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isGetAccessor(n)) && n.name) {
      names.unshift(n.name.getText());
    } else if (ts.isPropertyDeclaration(n) && n.name && names.length === 0) {
      names.unshift(n.name.getText());
    } else if (
      ts.isVariableDeclaration(n) &&
      ts.isIdentifier(n.name) &&
      n.initializer &&
      (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer)) &&
      names.length === 0
    ) {
      names.unshift(n.name.text);
    } else if (ts.isClassDeclaration(n) && n.name) {
      names.unshift(n.name.text);
    }
  }
  const place = names.join('.') || '(module)';
  return field ? `${place}: ${field}` : place;
}

/**
 * Lines after the first lose their common indentation and sit two spaces in; continuation lines
 * of an inserted constant sit four spaces in.
 */
function layout(sql) {
  const lines = sql.trim().split('\n');
  const own = lines.slice(1).filter((l) => !l.startsWith(CONTINUED) && l.trim() !== '');
  const indent = own.length === 0 ? 0 : Math.min(...own.map((l) => l.length - l.trimStart().length));
  const place = (l) => {
    if (l.trim() === '') return '';
    if (l.startsWith(CONTINUED)) return `    ${l.slice(1)}`.trimEnd();
    return `  ${l.slice(indent)}`.trimEnd();
  };
  return [lines[0].replaceAll(CONTINUED, ''), ...lines.slice(1).map(place)].join('\n');
}

/** The statements of one repository file, in source order. */
export function statementsOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const constant = constantStrings(source);
  const statements = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const isQuery = ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'query';
      const texts = node.arguments.map((a) => stringOf(a, constant, source, true));
      if (isQuery) {
        const sql = texts.find((t) => SQL_START.test(t)) ?? texts[0];
        // A helper that runs whatever statement it is given is plumbing, not a statement.
        if (!/^\$\{[^}]*\}$/.test(sql.trim())) statements.push({ place: placeOf(node), sql: layout(sql) });
      } else {
        // A statement handed to a helper, such as `affected(manager, 'DELETE …')`.
        node.arguments.forEach((a, i) => {
          if (ts.isStringLiteralLike(a) || ts.isTemplateExpression(a)) {
            if (SQL_START.test(texts[i])) statements.push({ place: placeOf(node), sql: layout(texts[i]) });
          }
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return statements;
}

/** Every file under `queries/` as it should be: path → content. */
export function renderQueryFiles() {
  const files = new Map();
  for (const file of repositoryFiles()) {
    const parts = relative(ROOT, file).split(sep);
    const context = parts[0] === 'libs' ? parts[1] : `${parts[0]}-${parts[1]}`;
    const target = join(OUT, context, `${basename(file, '.repository.ts')}.sql`);
    if (files.has(target)) throw new Error(`Two repositories would write ${relative(ROOT, target)}`);
    const seen = new Map();
    const body = statementsOf(file).map(({ place, sql }) => {
      const n = (seen.get(place) ?? 0) + 1;
      seen.set(place, n);
      return `-- ${place}${n > 1 ? ` (${n})` : ''}\n${sql.replace(/;\s*$/, '')};\n`;
    });
    if (body.length === 0) continue;
    const header = `-- The statements of ${relative(ROOT, file).split(sep).join('/')}, in source order.\n-- Written by \`npm run queries\`; CI checks that this file matches the repository.\n`;
    files.set(target, `${header}\n${body.join('\n')}`);
  }
  return files;
}

function committedFiles(dir = OUT, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) committedFiles(path, found);
    else if (entry.name.endsWith('.sql')) found.push(path);
  }
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const expected = renderQueryFiles();
  const check = process.argv.includes('--check');
  const stale = committedFiles().filter((f) => !expected.has(f));
  const changed = [...expected].filter(([f, text]) => !existsSync(f) || readFileSync(f, 'utf8') !== text);
  if (check) {
    if (stale.length + changed.length > 0) {
      for (const f of [...changed.map(([f]) => f), ...stale]) console.error(`out of date: ${relative(ROOT, f)}`);
      console.error('The committed queries/*.sql differ from the repositories: run `npm run queries`.');
      process.exit(1);
    }
    console.log(`queries/: ${expected.size} files match the repositories`);
  } else {
    for (const f of stale) rmSync(f);
    for (const [f, text] of changed) {
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, text);
    }
    console.log(`queries/: ${expected.size} files, ${changed.length} written, ${stale.length} removed`);
  }
}
