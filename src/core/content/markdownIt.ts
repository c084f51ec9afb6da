/**
 * markdown-it and the plugins of our dialect, as one module the bundles keep in a file of its own
 * (`markdownIt.js` beside the extension and the CLI). Only render.ts loads it, on the first
 * conversion or preview, so activation never parses the ~100 KB Markdown parser. Nothing here holds
 * state: a second copy in another bundle would behave the same.
 */
import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import mark from 'markdown-it-mark';
import sub from 'markdown-it-sub';
import sup from 'markdown-it-sup';
import container from 'markdown-it-container';

export { MarkdownIt, footnote, mark, sub, sup, container };
