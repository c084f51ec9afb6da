/**
 * The reader of Ghost's Lexical (fromLexical.ts: Lexical and Ghost's HTML back to Markdown, and
 * the document comparison), loaded on first use: a file of its own beside the extension and the
 * CLI (`fromLexical.js`), so that activation and a preview never parse it.
 */
type FromLexical = typeof import('./fromLexical');

let reader: FromLexical | undefined;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const fromLexical = (): FromLexical => (reader ??= require('./fromLexical') as FromLexical);
