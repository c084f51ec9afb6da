import * as path from 'node:path';
import { GhostAuthorError } from '../ghost/errors';
import { cardProblems } from './lexical';
import { parseFrontMatter, type SplitDocument } from './frontMatter';
import { readMeta, type MetaIssue, type PostMeta } from './meta';
import { references, takeTitleHeading } from './render';
import type { UnresolvedPage, WikiResolver } from './wiki';
import { printable } from '../printable';
import { leftOutMessage, type TemplateReport } from './templates';

/** The image fields of the front matter that may hold local paths. */
export const IMAGE_FIELDS = ['feature_image', 'og_image', 'twitter_image'] as const;

/** A Markdown file read and checked, ready to be rendered and sent. */
export interface PreparedDocument {
  file: string;
  meta: PostMeta;
  title: string;
  /** The Markdown to send (without the front matter, and without the title heading if it gave the title). */
  body: string;
  /** Warnings (unknown fields and the like); errors are thrown instead. */
  warnings: MetaIssue[];
  /** Every image the document refers to: in the body and in the image fields. */
  imageRefs: string[];
  /** The web addresses it shows as bookmark cards (a URL alone in its paragraph). */
  bookmarkUrls: string[];
  split: SplitDocument;
  /** The front matter as parsed, over its folder's defaults (what the source hash covers). */
  data: Record<string, unknown>;
  /** The folder's defaults it was read with (ghost-author.yml). */
  defaults?: Record<string, unknown>;
  /** How its Obsidian links resolved, for the payload. */
  wiki?: WikiResolver;
  /** Its Jekyll or Hugo templates, as read (the body holds what they show). */
  templates?: TemplateReport;
}

/** The front matter has problems that must be fixed before anything is sent. */
export class DocumentError extends GhostAuthorError {
  constructor(readonly file: string, readonly issues: MetaIssue[]) {
    super(`${path.basename(file)} has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`} in its front matter: ${issues.map((i) => `line ${i.line}: ${i.message}`).join(' ')}`, 'Fix the front matter and try again.');
  }
  static override is(e: unknown): e is DocumentError {
    return e instanceof DocumentError;
  }
}

/** A file the site's tool does not make a post of (a Hugo section): left out, with the reason. */
export class SkippedFileError extends GhostAuthorError {
  constructor(readonly file: string, message: string, hint: string) {
    super(message, hint);
  }
  static override is(e: unknown): e is SkippedFileError {
    return e instanceof SkippedFileError;
  }
}

/**
 * `wiki`: how this document's Obsidian links and embeds resolve (see wiki.ts); without it they stay as written.
 * `templates`: its Jekyll or Hugo templates read (templates/index.ts `readTemplates`): the body sent is theirs.
 */
export function prepareDocument(file: string, text: string, opts: { wiki?: WikiResolver; defaults?: Record<string, unknown>; templates?: TemplateReport } = {}): PreparedDocument {
  const { data, positions, split } = parseFrontMatter(text);
  // A folder's defaults (ghost-author.yml) for what the file does not say itself.
  const { meta, issues } = readMeta(opts.defaults ? { ...opts.defaults, ...data } : data, positions, { file });
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) { throw new DocumentError(file, errors); }
  if (meta.section) { throw new SkippedFileError(file, `${path.basename(file)} is a Hugo section (the page listing its folder), not a post: skipped.`, 'Add ghost: true to its front matter to publish it as a post.'); }
  // The source (and its hash) stays the file's; what is sent is the body with its templates read.
  const source = opts.templates?.body ?? split.body;
  const cards = cardProblems(source);
  if (cards[0]) {
    const e = cards[0];
    throw new GhostAuthorError(`${path.basename(file)}, line ${split.bodyLine + e.line - 1}: ${e.message.replace(/^line \d+ of the body: /, '')}`, e.hint);
  }
  let title = meta.title;
  let body = source;
  if (!title) {
    const heading = takeTitleHeading(body);
    if (heading) {
      title = heading.title;
      body = heading.body;
    }
  }
  title ??= path.basename(file).replace(/\.(md|markdown|mdx?)$/i, '').replace(/[-_]+/g, ' ').trim() || 'Untitled';
  const refs = references(body, opts.wiki);
  const imageRefs = [
    ...refs.images,
    ...IMAGE_FIELDS.map((f) => meta.fields[f]).filter((v): v is string => typeof v === 'string' && v !== ''),
  ];
  const bookmarks = meta.render === 'markdown' ? [] : refs.bookmarks;
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (opts.wiki) {
    for (const target of refs.wikiUnresolved) {
      warnings.push({ key: 'body', message: `[[${target}]] is not a published post of this site (or no note has that name): sent as plain words.`, severity: 'warning', line: split.bodyLine, column: 1, endColumn: 1 });
    }
    for (const u of refs.pagesUnresolved) {
      warnings.push({ key: 'body', message: pageLinkMessage(u), severity: 'warning', line: split.bodyLine + (u.line ?? 0), column: 1, endColumn: 1, rule: 'link-target' });
    }
  }
  if (opts.templates) {
    for (const n of opts.templates.leftOut) {
      warnings.push({ key: 'body', message: leftOutMessage(n), severity: 'warning', line: n.postLine ?? n.line, column: 1, endColumn: 1 });
    }
  }
  // A warning may quote the file (a link's decoded target, a value): its control characters are
  // shown, never acted on (a line break would start a line of a CI log of its own: `::stop-commands::`).
  const shown = warnings.map((w) => ({ ...w, message: printable(w.message) }));
  return { file, meta, title, body, warnings: shown, templates: opts.templates, imageRefs, bookmarkUrls: bookmarks, split, data: opts.defaults ? { ...opts.defaults, ...data } : data, defaults: opts.defaults, wiki: opts.wiki };
}

/** Why a link to another file is sent as its words only, and when it will not be. */
export function pageLinkMessage(u: UnresolvedPage): string {
  switch (u.reason) {
    case 'missing': return `The link to ${u.target} names no file of the project: sent as its words only.`;
    case 'outside': return `The link to ${u.target} leads outside the project: sent as its words only.`;
    case 'heading': return `The link to ${u.target} names no heading of that file: it leads to the top of the post.`;
    case 'unpushed': return `${u.target} is not on the site yet: the link is sent as its words only until that file is pushed and published (the next push after that adds it).`;
    default: return `${u.target}'s post is not published: the link is sent as its words only until it is (the next push after that adds it).`;
  }
}
