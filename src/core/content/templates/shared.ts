/**
 * What the template readers (jekyll.ts, hugo.ts) share: the report they give, where a Markdown
 * text has code (template syntax there is content and is left alone), replacements made by
 * offset, and the parts of a template tag's arguments.
 */

export type TemplateTool = 'jekyll' | 'hugo';

/** One template construct met in a file: read (replaced by what the tool would show) or left out. */
export interface TemplateNote {
  /** The file it is in, relative to the project (`/` separators): the post's own file or one it includes. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  /** The construct, short: `{% for %}`, `{{ site.repository }}`, `{{< youtube >}}`. */
  construct: string;
  /** For what was left out: why, in words. */
  message?: string;
  /** When it is in a file the post includes: the line of the post where that file is included. */
  postLine?: number;
}

export interface TemplateReport {
  tool: TemplateTool;
  /** The body to send: every construct read or left out. */
  body: string;
  read: TemplateNote[];
  leftOut: TemplateNote[];
}

/** A replacement of `text.slice(start, end)`. */
export interface Edit { start: number; end: number; text: string }

/** The text with the edits made (they must not overlap; any order). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) { continue; }
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The 1-based line of each offset of a text. */
export function lineAt(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) { starts.push(i + 1); }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) { lo = mid; } else { hi = mid - 1; }
    }
    return lo + 1;
  };
}

/**
 * Where the Markdown has code: fenced blocks (``` or ~~~, at any indentation, so in lists too;
 * an unclosed one runs to the end) and code spans (a run of backticks closed by a run of the
 * same length in the same paragraph). Indented code blocks are not told from list continuations
 * here, so they are not counted as code. Returned as sorted [start, end) offset pairs.
 */
export function codeRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const lines = text.split('\n');
  let offset = 0;
  let fence: { char: string; len: number; start: number } | undefined;
  let para: { start: number; end: number } | undefined;
  const flushPara = () => {
    if (para) { spans(text, para.start, para.end, out); para = undefined; }
  };
  for (const line of lines) {
    const end = offset + line.length;
    const body = line.replace(/^(?:[ \t]*>)*/, '');
    if (fence) {
      const close = /^[ \t]*(`{3,}|~{3,})[ \t]*\r?$/.exec(body);
      if (close && close[1]?.[0] === fence.char && close[1].length >= fence.len) {
        out.push([fence.start, end]);
        fence = undefined;
      }
    } else {
      const open = /^[ \t]*(?:(?:[-+*]|\d+[.)])[ \t]+)*(`{3,}|~{3,})(.*)$/.exec(body);
      if (open && !(open[1]?.[0] === '`' && (open[2] ?? '').includes('`'))) {
        flushPara();
        fence = { char: open[1]?.[0] as string, len: (open[1] as string).length, start: offset };
      } else if (/^[ \t]*\r?$/.test(line)) {
        flushPara();
      } else {
        para = { start: para?.start ?? offset, end };
      }
    }
    offset = end + 1;
  }
  if (fence) { out.push([fence.start, text.length]); }
  flushPara();
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Code spans within [from, to): each backtick run closes at the next run of the same length.
 * The runs are listed once, each length's next run found by index, so it costs the paragraph's length.
 */
function spans(text: string, from: number, to: number, out: Array<[number, number]>): void {
  const runs: Array<{ start: number; len: number }> = [];
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    let start = m.index;
    let len = m[0].length;
    // A backtick after a backslash is a literal one (outside code, where the escape counts).
    if (text[start - 1] === '\\' && text[start - 2] !== '\\') { start += 1; len -= 1; }
    if (len) { runs.push({ start, len }); }
  }
  // For each run, the index of the next run of the same length.
  const next: number[] = new Array<number>(runs.length).fill(-1);
  const seen = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i] as { start: number; len: number };
    next[i] = seen.get(r.len) ?? -1;
    seen.set(r.len, i);
  }
  for (let i = 0; i < runs.length;) {
    const j = next[i] as number;
    if (j < 0) { i++; continue; }
    const open = runs[i] as { start: number; len: number };
    const close = runs[j] as { start: number; len: number };
    out.push([open.start, close.start + close.len]);
    i = j + 1;
  }
}

/** Whether `offset` is in one of the (sorted) ranges. */
export function inRanges(ranges: ReadonlyArray<[number, number]>, offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = ranges[mid] as [number, number];
    if (offset < s) { hi = mid - 1; } else if (offset >= e) { lo = mid + 1; } else { return true; }
  }
  return false;
}

/** A tag's arguments: `name=value` pairs and positional values, quotes (`"…"`, `'…'`, `` `…` ``) removed. */
export function tagArgs(s: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const re = /([A-Za-z_][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`]+)|("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`=]+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[1] !== undefined) { named[m[1]] = unquote(m[2] as string); } else { positional.push(unquote(m[3] as string)); }
  }
  return { named, positional };
}

export function unquote(v: string): string {
  if (/^"[\s\S]*"$/.test(v)) { return v.slice(1, -1).replace(/\\(["\\])/g, '$1'); }
  if (/^'[\s\S]*'$|^`[\s\S]*`$/.test(v)) { return v.slice(1, -1); }
  return v;
}

/** The spaces before `offset` when only spaces are before it on its line (a block in a list item). */
export function indentAt(text: string, offset: number): string {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /^[ \t]*$/.test(before) ? before : '';
}

/**
 * A fenced code block of `lang` holding `code`, with a fence longer than any inside it; the
 * opening fence takes the place of the tag, the closing one is indented as `indent` (the tag's).
 */
export function fenced(code: string, lang: string, info = '', indent = ''): string {
  const body = code.replace(/^\r?\n/, '').replace(/\r?\n[ \t]*$/, '');
  let longest = 2;
  for (const m of body.matchAll(/`{3,}/g)) { longest = Math.max(longest, m[0].length); }
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}${info ? ` ${info}` : ''}\n${body}\n${indent}${fence}`;
}

/** `text` (a fenced block) on lines of its own where `start`…`end` shares its lines with other text. */
export function ownLines(text: string, start: number, end: number, block: string): string {
  const before = /[^ \t]/.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start)) ? '\n' : '';
  const nl = text.indexOf('\n', end);
  const after = /[^ \t\r]/.test(text.slice(end, nl < 0 ? text.length : nl)) ? '\n' : '';
  return `${before}${block}${after}`;
}

/** Whether the text between `start` and `end` is alone on its line(s). */
export function aloneOnLine(text: string, start: number, end: number): boolean {
  const before = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  const nl = text.indexOf('\n', end);
  const after = text.slice(end, nl < 0 ? text.length : nl);
  return /^[ \t]*$/.test(before) && /^[ \t]*\r?$/.test(after);
}

/** A path as a Markdown link or image target: percent-encoded where Markdown would stop it. */
export function linkTarget(p: string): string {
  return p.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A value from the front matter or a configuration, as text; undefined for lists, tables and nothing. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') { return v; }
  if (typeof v === 'number' || typeof v === 'boolean') { return String(v); }
  if (v instanceof Date) { return v.toISOString(); }
  return undefined;
}

/** `a.b.c` looked up in nested tables; keys compared without case when `caseless` (Hugo's). */
export function lookup(root: unknown, dotted: string, caseless = false): unknown {
  let cur = root;
  for (const key of dotted.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) { return undefined; }
    const obj = cur as Record<string, unknown>;
    const k = caseless ? Object.keys(obj).find((x) => x.toLowerCase() === key.toLowerCase()) : key;
    if (k === undefined || !Object.prototype.hasOwnProperty.call(obj, k)) { return undefined; }
    cur = obj[k];
  }
  return cur;
}
