import { createHash } from 'node:crypto';
import type { PreparedDocument } from '../content/document';
import { IMAGE_FIELDS } from '../content/document';
import type { RenderMode } from '../content/meta';
import { markdownCardLexical, renderHtml } from '../content/render';
import type { PostLike } from '../ghost/types';

export interface Payload {
  fields: Partial<PostLike>;
  /** `html` when Ghost must convert the HTML (`?source=html`). */
  source: 'html' | undefined;
  mode: RenderMode;
  /** Stable hash of the fields: equal hashes mean there is nothing to push. */
  hash: string;
  htmlCards: number;
}

function rewriteMarkdownImages(markdown: string, images: ReadonlyMap<string, string>): string {
  let out = markdown;
  for (const [ref, url] of images) {
    let decoded = ref;
    try { decoded = decodeURI(ref); } catch { /* a literal % */ }
    for (const form of new Set([ref, decoded])) {
      out = out.split(`](<${form}>`).join(`](${url}`).split(`](${form}`).join(`](${url}`);
    }
  }
  return out;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) { return `[${v.map(stableJson).join(',')}]`; }
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** What would be sent for a document, with local image paths replaced by their uploaded URLs. */
export function buildPayload(doc: PreparedDocument, mode: RenderMode, images: ReadonlyMap<string, string>): Payload {
  const fields: Partial<PostLike> = { title: doc.title, ...doc.meta.fields };
  for (const f of IMAGE_FIELDS) {
    const v = fields[f];
    if (typeof v === 'string' && images.has(v)) { fields[f] = images.get(v); }
  }
  if (doc.meta.tags) { fields.tags = doc.meta.tags.map((name) => ({ name }) as never); }
  if (doc.meta.authors) { fields.authors = doc.meta.authors.map((email) => ({ email }) as never); }
  let source: 'html' | undefined;
  let htmlCards = 0;
  if (mode === 'markdown') {
    fields.lexical = markdownCardLexical(rewriteMarkdownImages(doc.body, images));
  } else {
    const rendered = renderHtml(doc.body, { images });
    fields.html = rendered.html;
    htmlCards = rendered.htmlCards;
    source = 'html';
  }
  const hash = createHash('sha256').update(stableJson({ type: doc.meta.type, mode, fields })).digest('hex');
  return { fields, source, mode, hash, htmlCards };
}
