import { readYaml, topLevelKeys, YamlError } from './yaml';
import { GhostAuthorError } from '../ghost/errors';

/** A Markdown file split into its front matter and body, with positions for messages. */
export interface SplitDocument {
  /** The YAML between the fences, or undefined when the file has none. */
  yaml: string | undefined;
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

export function splitFrontMatter(text: string): SplitDocument {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const open = OPEN.exec(text);
  if (!open) {
    return { yaml: undefined, body: text.replace(/^\uFEFF/, ''), yamlLine: 0, bodyLine: 1, eol, yamlStart: 0, yamlEnd: 0 };
  }
  const yamlStart = open[0].length;
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  close.lastIndex = 0;
  const rest = text.slice(yamlStart);
  const m = close.exec(rest);
  if (!m) {
    throw new FrontMatterError('The front matter is not closed: a line with --- is missing after it.', 1, 1, 'Add a line with three dashes (---) where the front matter ends.');
  }
  const yaml = rest.slice(0, m.index);
  const bodyStart = yamlStart + m.index + m[0].length;
  const yamlLine = 2;
  const bodyLine = yamlLine + countLines(yaml) + 1;
  return { yaml, body: text.slice(bodyStart), yamlLine, bodyLine, eol, yamlStart, yamlEnd: yamlStart + m.index };
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
    data = readYaml(split.yaml);
  } catch (e) {
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
  for (const [key, pos] of topLevelKeys(split.yaml)) {
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      positions.set(key, { line: pos.line + split.yamlLine - 1, column: pos.column, endColumn: pos.column + key.length });
    }
  }
  return { data: data as Record<string, unknown>, positions, split };
}
