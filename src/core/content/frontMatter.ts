import { readYaml, topLevelKeys, YamlError } from './yaml';
import { readToml, TomlReadError, tomlTopLevelKeys } from './toml';
import { GhostAuthorError } from '../ghost/errors';

/**
 * How the front matter is written: YAML between `---` fences (every tool), TOML between `+++`
 * fences (Hugo), or a JSON object opening the file (Hugo).
 */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

/** A Markdown file split into its front matter and body, with positions for messages. */
export interface SplitDocument {
  /**
   * The front matter's text, or undefined when the file has none: the YAML or TOML between the
   * fences, or the JSON object with its braces (see `format`).
   */
  yaml: string | undefined;
  format: FrontMatterFormat;
  body: string;
  /** 1-based line of the first YAML line (after the opening fence). */
  yamlLine: number;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** The file's line ending, kept when the file is rewritten. */
  eol: '\n' | '\r\n';
  /** Character offsets of the YAML text in the file, for exact rewrites. */
  yamlStart: number;
  yamlEnd: number;
}

/** Bad front matter, with the line and column to point at. */
export class FrontMatterError extends GhostAuthorError {
  constructor(message: string, readonly line: number, readonly column: number, hint?: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is FrontMatterError {
    return e instanceof FrontMatterError;
  }
}

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const OPEN_TOML = /^\uFEFF?\+\+\+[ \t]*\r?\n/;
/** A JSON object opening the file: `{` then a key, a line end or `}` (not `{{<` nor `{%`). */
const OPEN_JSON = /^\uFEFF?\{[ \t]*(?:\r?\n|"|\})/;

export function splitFrontMatter(text: string): SplitDocument {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (OPEN_JSON.test(text)) { return splitJson(text, eol); }
  const toml = OPEN_TOML.exec(text);
  const open = toml ?? OPEN.exec(text);
  if (!open) {
    return { yaml: undefined, format: 'yaml', body: text.replace(/^\uFEFF/, ''), yamlLine: 0, bodyLine: 1, eol, yamlStart: 0, yamlEnd: 0 };
  }
  const yamlStart = open[0].length;
  const close = toml ? /^\+\+\+[ \t]*(?:\r?\n|$)/m : /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(yamlStart);
  const m = close.exec(rest);
  if (!m) {
    const fence = toml ? '+++' : '---';
    throw new FrontMatterError(`The front matter is not closed: a line with ${fence} is missing after it.`, 1, 1, `Add a line with ${toml ? 'three plus signs' : 'three dashes'} (${fence}) where the front matter ends.`);
  }
  const yaml = rest.slice(0, m.index);
  const bodyStart = yamlStart + m.index + m[0].length;
  const yamlLine = 2;
  const bodyLine = yamlLine + countLines(yaml) + 1;
  return { yaml, format: toml ? 'toml' : 'yaml', body: text.slice(bodyStart), yamlLine, bodyLine, eol, yamlStart, yamlEnd: yamlStart + m.index };
}

/** Hugo's JSON front matter: the object that opens the file, up to its closing brace and that line's end. */
function splitJson(text: string, eol: '\n' | '\r\n'): SplitDocument {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') { i++; } else if (c === '"') { inString = false; }
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) { end = i + 1; break; }
    }
  }
  if (end < 0) {
    throw new FrontMatterError('The JSON front matter is not closed: its last } is missing.', 1, 1, 'Close the object that opens the file with }, on a line of its own.');
  }
  const json = text.slice(start, end);
  const lineEnd = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(end));
  if (!lineEnd) {
    throw new FrontMatterError('The JSON front matter must end with } on a line of its own.', countLines(json) + 1, 1, 'Put a line break after the } that closes the front matter.');
  }
  const bodyStart = end + lineEnd[0].length;
  return { yaml: json, format: 'json', body: text.slice(bodyStart), yamlLine: 1, bodyLine: countLines(json) + 2, eol, yamlStart: start, yamlEnd: end };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) { if (s.charCodeAt(i) === 10) { n++; } }
  return n;
}

/** Where each top-level key sits, for diagnostics. */
export type KeyPositions = Map<string, { line: number; column: number; endColumn: number }>;

export interface ParsedFrontMatter {
  data: Record<string, unknown>;
  positions: KeyPositions;
  split: SplitDocument;
}

export function parseFrontMatter(text: string): ParsedFrontMatter {
  const split = splitFrontMatter(text);
  const positions: KeyPositions = new Map();
  if (split.yaml === undefined || split.yaml.trim() === '') {
    return { data: {}, positions, split };
  }
  let data: unknown;
  try {
    data = split.format === 'toml' ? readToml(split.yaml) : split.format === 'json' ? readJson(split.yaml) : readYaml(split.yaml);
  } catch (e) {
    if (e instanceof TomlReadError || e instanceof JsonReadError) {
      const line = e.line + split.yamlLine - 1;
      throw new FrontMatterError(`Front matter line ${line}, column ${e.column}: ${e.message}${/[.!?]$/.test(e.message) ? '' : '.'}`, line, e.column,
        `Fix the ${split.format === 'toml' ? 'TOML' : 'JSON'} there${split.format === 'toml' ? ' (text in "quotes", dates as 2026-12-01)' : ' (keys and text in "double quotes", commas between fields)'}.`);
    }
    if (!(e instanceof YamlError)) { throw e; }
    if (/aliases/.test(e.message)) {
      throw new FrontMatterError(`The front matter could not be read: ${e.message}.`, split.yamlLine, 1, 'Remove the YAML aliases (*name) that expand it.');
    }
    // An error found at the very end (an unclosed bracket) is shown on the last line of the YAML, not on the fence.
    const last = Math.max(1, split.yaml.replace(/\r?\n$/, '').split(/\n/).length);
    const line = Math.min(e.line, last) + split.yamlLine - 1;
    throw new FrontMatterError(
      `Front matter line ${line}, column ${e.column}: ${e.message}${/[.!?]$/.test(e.message) ? '' : '.'}`, line, e.column,
      e.duplicateKey ? 'Each field may appear once: remove the repeated one.' : 'Fix the YAML there (quote values that contain a colon).',
    );
  }
  if (data === null || data === undefined) { return { data: {}, positions, split }; }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError('The front matter must be a list of fields ("title: My post"), not a single value or a list.', split.yamlLine, 1);
  }
  const keys = split.format === 'toml' ? tomlTopLevelKeys(split.yaml) : split.format === 'json' ? jsonTopLevelKeys(split.yaml) : topLevelKeys(split.yaml);
  for (const [key, pos] of keys) {
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      positions.set(key, { line: pos.line + split.yamlLine - 1, column: pos.column, endColumn: pos.column + key.length });
    }
  }
  return { data: data as Record<string, unknown>, positions, split };
}

class JsonReadError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const pos = at ? Number(at[1]) : 0;
    const before = text.slice(0, pos);
    const line = countLines(before) + 1;
    throw new JsonReadError(message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, ''), line, pos - before.lastIndexOf('\n'));
  }
}

/** Where each key of the outer object starts (1-based): keys that open a line at the first level. */
function jsonTopLevelKeys(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') { line++; lineStart = i + 1; continue; }
    if (inString) {
      if (c === '\\') { i++; } else if (c === '"') { inString = false; }
      continue;
    }
    if (c === '"') {
      if (depth === 1) {
        const m = /^"((?:[^"\\]|\\.)*)"\s*:/.exec(text.slice(i));
        if (m) {
          let key: string;
          try { key = JSON.parse(`"${m[1]}"`) as string; } catch { key = m[1] ?? ''; }
          if (!out.has(key)) { out.set(key, { line, column: i - lineStart + 1 }); }
          i += (m[1] ?? '').length + 1;
          continue;
        }
      }
      inString = true;
    } else if (c === '{' || c === '[') { depth++; } else if (c === '}' || c === ']') { depth--; }
  }
  return out;
}
