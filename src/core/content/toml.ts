/**
 * TOML as Hugo writes it (front matter between `+++` fences, hugo.toml): read with smol-toml,
 * dates given back as the text they were written as (YAML's core schema reads none either), with
 * the line and column of the first error.
 */
type TomlParser = typeof import('./tomlParser');
let parser: TomlParser | undefined;

/** smol-toml (tomlParser.ts), loaded on the first TOML read. */
function tomlParser(): TomlParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= require('./tomlParser') as TomlParser;
  return parser;
}

export class TomlReadError extends Error {
  /** 1-based, within the text given. */
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

/** TOML dates (`2024-05-01`, `2024-05-01T10:00:00Z`) as ISO text, everywhere in the value. */
function plain(value: unknown): unknown {
  const { TomlDate } = tomlParser();
  if (value instanceof TomlDate) { return value.toISOString(); }
  if (value instanceof Date) { return value.toISOString(); }
  if (Array.isArray(value)) { return value.map(plain); }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) { out[k] = plain(v); }
    return out;
  }
  return value;
}

export function readToml(text: string): Record<string, unknown> {
  const { parse, TomlError } = tomlParser();
  try {
    return plain(parse(text, { maxDepth: 100 })) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = e.message.replace(/^Invalid TOML document:\s*/, '').split('\n')[0] || 'not valid TOML';
      throw new TomlReadError(reason, e.line, e.column);
    }
    throw e;
  }
}

/** Where each top-level key starts (before the first [table]), 1-based, read from the text itself. */
export function tomlTopLevelKeys(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (/^\s*\[/.test(l)) { break; }
    const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=/.exec(l);
    if (!m) { continue; }
    const key = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? '');
    if (!out.has(key)) { out.set(key, { line: i + 1, column: l.length - l.trimStart().length + 1 }); }
  }
  return out;
}
