import { createHash } from 'node:crypto';
import type { PreparedDocument } from '../content/document';
import { IMAGE_FIELDS } from '../content/document';
import type { RenderMode } from '../content/meta';
import { markdownToLexical } from '../content/lexical';
import { markdownCardLexical } from '../content/render';
import { lexicalContent, stableJson } from './fingerprint';
import type { PostLike } from '../ghost/types';

export interface Payload {
  fields: Partial<PostLike>;
  /** `html` when Ghost must convert the HTML (`?source=html`). */
  source: 'html' | undefined;
  mode: RenderMode;
  /** Stable hash of the fields: equal hashes mean there is nothing to push. */
  hash: string;
  htmlCards: number;
  /** Local image references and the URLs they were uploaded to, as used in `fields`. */
  images: ReadonlyMap<string, string>;
}

function rewriteMarkdownImages(markdown: string, images: ReadonlyMap<string, string>): string {
  let out = markdown;
  for (const [ref, url] of images) {
    let decoded = ref;
    try { decoded = decodeURI(ref); } catch { /* a literal % */ }
    for (const form of new Set([ref, decoded])) {
      out = out.split(`](<${form}>`).join(`](${url}`).split(`](${form}`).join(`](${url}`);
      // Reference-style images: `![alt][id]` with `[id]: path "title"` further down.
      const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`^( {0,3}\\[[^\\]]+\\]:[ \\t]*)(?:<${escaped}>|${escaped})(?=[ \\t]|$)`, 'gm'), (_m, head: string) => `${head}${url}`);
    }
  }
  return out;
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
  const source: 'html' | undefined = undefined;
  let htmlCards = 0;
  if (mode === 'markdown') {
    fields.lexical = markdownCardLexical(rewriteMarkdownImages(doc.body, images));
  } else {
    // Written as Lexical here, not converted by Ghost: what is sent is what Ghost keeps.
    const written = markdownToLexical(doc.body, { images });
    fields.lexical = written.lexical;
    htmlCards = written.htmlCards;
  }
  const hash = createHash('sha256').update(stableJson({ type: doc.meta.type, mode, fields })).digest('hex');
  return { fields, source, mode, hash, htmlCards, images };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of an HTML document: what Ghost's conversion of it must keep, whatever its markup. */
export function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const NOT_COMPARED = new Set(['html', 'lexical', 'tags', 'authors', 'updated_at', 'published_at']);

const SAME_AS: Record<string, string> = { b: 'strong', i: 'em', s: 'del', strike: 'del' };
const STRUCTURE = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'table', 'tr', 'td', 'th', 'hr', 'del', 'sup', 'sub', 'mark']);

/**
 * The shape of an HTML document that Ghost's conversion keeps: headings, emphasis, lists, code,
 * quotes, tables, and where links and images point. Classes, ids and wrappers are left out.
 */
export function htmlStructure(html: string): string {
  const out: string[] = [];
  const tag = /<([a-z][a-z0-9]*)\b([^>]*)>/gi;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const raw = (m[1] ?? '').toLowerCase();
    const name = SAME_AS[raw] ?? raw;
    if (!STRUCTURE.has(name)) { continue; }
    const attr = name === 'a' ? /\shref\s*=\s*"([^"]*)"/i.exec(m[2] ?? '')?.[1] : name === 'img' ? /\ssrc\s*=\s*"([^"]*)"/i.exec(m[2] ?? '')?.[1] : undefined;
    out.push(attr === undefined ? name : `${name}[${attr.replace(/&amp;/g, '&')}]`);
  }
  return out.join(' ');
}

/**
 * Whether Ghost's version of a post already holds what this push would send: same fields, same
 * words in the body (or the same Markdown card). Then a collision on `updated_at` is no conflict:
 * the version in Ghost is this push's own (an answer that was lost, or a push from elsewhere).
 */
export function matchesSent(server: PostLike, fields: Partial<PostLike>): boolean {
  for (const [k, v] of Object.entries(fields)) {
    if (NOT_COMPARED.has(k)) { continue; }
    const s = (server as Record<string, unknown>)[k];
    // Ghost keeps an empty text as null.
    if ((v === '' ? null : v ?? null) !== (s === '' ? null : s ?? null)) { return false; }
  }
  if (fields.published_at && (!server.published_at || Date.parse(String(fields.published_at)) !== Date.parse(server.published_at))) { return false; }
  if (fields.tags) {
    const want = fields.tags.map((t) => t.name.toLowerCase()).sort().join('\n');
    const have = (server.tags ?? []).map((t) => t.name.toLowerCase()).sort().join('\n');
    if (want !== have) { return false; }
  }
  if (fields.authors) {
    const want = fields.authors.map((a) => (a.email ?? '').toLowerCase()).sort().join('\n');
    const have = (server.authors ?? []).map((a) => (a.email ?? '').toLowerCase()).sort().join('\n');
    if (want !== have) { return false; }
  }
  if (fields.html !== undefined) {
    const html = fields.html ?? '';
    return typeof server.html === 'string' && htmlText(server.html) === htmlText(html) && htmlStructure(server.html) === htmlStructure(html);
  }
  if (fields.lexical !== undefined) {
    // Exactly the same document (marks aside): code whitespace, alt text, languages, link targets.
    return stableJson(lexicalContent(fields.lexical)) === stableJson(lexicalContent(server.lexical));
  }
  return true;
}
