import * as path from 'node:path';
import { GhostAuthorError } from '../ghost/errors';
import { cardProblems } from './lexical';
import { parseFrontMatter, type SplitDocument } from './frontMatter';
import { readMeta, type MetaIssue, type PostMeta } from './meta';
import { references, takeTitleHeading } from './render';

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
  /** The front matter as parsed. */
  data: Record<string, unknown>;
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

export function prepareDocument(file: string, text: string): PreparedDocument {
  const { data, positions, split } = parseFrontMatter(text);
  const { meta, issues } = readMeta(data, positions);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) { throw new DocumentError(file, errors); }
  const cards = cardProblems(split.body);
  if (cards[0]) {
    const e = cards[0];
    throw new GhostAuthorError(`${path.basename(file)}, line ${split.bodyLine + e.line - 1}: ${e.message.replace(/^line \d+ of the body: /, '')}`, e.hint);
  }
  let title = meta.title;
  let body = split.body;
  if (!title) {
    const heading = takeTitleHeading(body);
    if (heading) {
      title = heading.title;
      body = heading.body;
    }
  }
  title ??= path.basename(file).replace(/\.(md|markdown|mdx?)$/i, '').replace(/[-_]+/g, ' ').trim() || 'Untitled';
  const refs = references(body);
  const imageRefs = [
    ...refs.images,
    ...IMAGE_FIELDS.map((f) => meta.fields[f]).filter((v): v is string => typeof v === 'string' && v !== ''),
  ];
  const bookmarks = meta.render === 'markdown' ? [] : refs.bookmarks;
  return { file, meta, title, body, warnings: issues.filter((i) => i.severity === 'warning'), imageRefs, bookmarkUrls: bookmarks, split, data };
}
