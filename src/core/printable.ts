/**
 * Text that came from files or a server, made safe to show where a reader reviews it: control
 * characters (a lone carriage return, a terminal's escape sequences, line and paragraph
 * separators) and the marks that reorder text (bidirectional overrides) are shown as `\u{…}`
 * instead of acting. A file named `a\r<!--.md` cannot open a comment that hides the lines after
 * it in a job summary, nor an escape sequence rewrite a terminal's line.
 */
const ACTING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(s: string): string {
  return s.replace(ACTING, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

/** `printable`, with what Markdown would read as markup escaped: for a cell or a list item. */
export function markdownText(s: string): string {
  return printable(s).replace(/[\\|`*<>[\]~!&]/g, '\\$&');
}
