import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { PreparedDocument } from '../content/document';
import { isRemote, localPath, type ImageSize } from '../content/images';
import type { AssetInfo, LinkCard } from '../content/render';
import { IMAGE_FIELDS } from '../content/document';
import type { RenderMode } from '../content/meta';
import { markdownToLexical } from '../content/lexical';
import { markdownCardLexical, renderHtml } from '../content/render';
import { lexicalContent, stableJson } from './fingerprint';
import { fromLexical } from '../content/lexicalReader';
import type { PostLike } from '../ghost/types';
import { olderEditorBody } from '../content/pull';

export interface Payload {
  fields: Partial<PostLike>;
  mode: RenderMode;
  /** Stable hash of the fields: equal hashes mean there is nothing to push. */
  hash: string;
  htmlCards: number;
  /** Local image references and the URLs they were uploaded to, as used in `fields`. */
  images: ReadonlyMap<string, string>;
  /** `html` when `fields.html` is for Ghost to convert (`?source=html`, the `html` render mode). */
  source?: 'html';
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
export function buildPayload(doc: PreparedDocument, mode: RenderMode, images: ReadonlyMap<string, string>, sizes: ReadonlyMap<string, ImageSize> = new Map(), bookmarks: ReadonlyMap<string, LinkCard> = new Map(), assets: ReadonlyMap<string, AssetInfo> = new Map()): Payload {
  const fields: Partial<PostLike> = { title: doc.title, ...doc.meta.fields };
  for (const f of IMAGE_FIELDS) {
    const v = fields[f];
    if (typeof v === 'string' && images.has(v)) { fields[f] = images.get(v); }
  }
  // As Ghost will keep them: a slug in its normal form, a tag named twice (case aside) once.
  if (typeof fields.slug === 'string') { fields.slug = ghostSlug(fields.slug); }
  if (doc.meta.tags) { fields.tags = uniqueNames(doc.meta.tags).map((name) => ({ name }) as never); }
  if (doc.meta.authors) { fields.authors = doc.meta.authors.map((email) => ({ email }) as never); }
  // By name here (what the hash covers); the engine puts Ghost's ids in before sending.
  if (doc.meta.tiers) { (fields as Record<string, unknown>).tiers = doc.meta.tiers.map((name) => ({ name })); }
  let htmlCards = 0;
  let source: 'html' | undefined;
  if (mode === 'markdown') {
    fields.lexical = markdownCardLexical(rewriteMarkdownImages(doc.body, images));
  } else if (mode === 'html') {
    // Ghost's own import: HTML that Ghost converts to its editor's format (what it keeps may differ).
    const rendered = renderHtml(doc.body, { images, sizes, bookmarks, assets, wiki: doc.wiki });
    fields.html = rendered.html;
    htmlCards = rendered.htmlCards;
    source = 'html';
  } else {
    // Written as Lexical here, not converted by Ghost: what is sent is what Ghost keeps.
    const written = markdownToLexical(doc.body, { images, sizes, bookmarks, assets, wiki: doc.wiki });
    fields.lexical = written.lexical;
    htmlCards = written.htmlCards;
  }
  // Lexical payloads keep the label the first versions gave them, so their hashes stay what they were.
  const hash = createHash('sha256').update(stableJson({ type: doc.meta.type, mode: mode === 'lexical' ? 'html' : mode, fields })).digest('hex');
  return { fields, mode, hash, htmlCards, images, source };
}

/** The first of names equal but for case, in order. */
export function uniqueNames(xs: readonly string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(x.toLowerCase()) && !!seen.add(x.toLowerCase()));
}

/**
 * A slug as Ghost stores it, for the Latin-script slugs whose form is certain: accents dropped,
 * lower case, apostrophes removed, every other run of characters outside [a-z0-9_] one dash, no
 * dash at either end (`My Trip` → `my-trip`). Anything else is sent as written: what Ghost makes
 * of it is learnt from its answer (see the mark's settling in the engine).
 */
export function ghostSlug(slug: string): string {
  const plain = slug.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (/[^\x20-\x7e]/.test(plain)) { return slug; }
  const out = plain.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  return out || slug;
}

const NOT_COMPARED = new Set(['html', 'lexical', 'tags', 'authors', 'tiers', 'updated_at', 'published_at']);

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
    const want = [...new Set(fields.tags.map((t) => t.name.toLowerCase()))].sort().join('\n');
    const have = (server.tags ?? []).map((t) => t.name.toLowerCase()).sort().join('\n');
    if (want !== have) { return false; }
  }
  if (fields.authors) {
    const want = fields.authors.map((a) => (a.email ?? '').toLowerCase()).sort().join('\n');
    const have = (server.authors ?? []).map((a) => (a.email ?? '').toLowerCase()).sort().join('\n');
    if (want !== have) { return false; }
  }
  if (fields.lexical !== undefined) {
    // Exactly the same document (marks aside): code whitespace, alt text, languages, link targets.
    return stableJson(lexicalContent(fields.lexical)) === stableJson(lexicalContent(server.lexical));
  }
  if (typeof fields.html === 'string') {
    // HTML Ghost converted: its markup is Ghost's, so the words (and images) are what must match.
    return htmlWords(fields.html) === htmlWords(server.html ?? '');
  }
  return true;
}

/**
 * Whether Ghost's version shows what this push would send, as a pull compares documents: the
 * same fields, and a Lexical document the same node for node (not byte for byte). A file pulled
 * from a post (a `pull --all` mirror) holds what the post holds, though no push of ours marked it.
 */
export function holdsSame(server: PostLike, fields: Partial<PostLike>, site?: string, body?: string): boolean {
  if (matchesSent(server, fields)) { return true; }
  if (site && body !== undefined && !server.lexical) {
    // A post from Ghost's older editor: the file holds what Ghost holds when its body is what a
    // pull of the post's HTML writes (and the other fields match).
    const pulled = olderEditorBody(server, site);
    return pulled !== undefined && pulled.trim() === body.trim() && matchesSent(server, { ...fields, lexical: undefined, html: undefined, mobiledoc: undefined });
  }
  if (typeof fields.lexical !== 'string' || typeof server.lexical !== 'string') { return false; }
  const local = (lexical: string) => (site ? siteRelative(lexical, site) : lexical);
  return matchesSent(server, { ...fields, lexical: undefined }) && fromLexical().sameDocument(local(fields.lexical), local(server.lexical));
}

/**
 * The site's addresses of a file's local images that `pull --all --images` wrote from the post:
 * an image at `…/images/<tail>` is the site's `/content/images/<tail>` where the post shows that
 * address. For comparing what a version of a file shows with what Ghost holds (a clean clone has
 * no record of those downloads), never for sending: the bytes may have been changed since.
 */
export function pulledImageUrls(doc: PreparedDocument, file: string, post: PostLike, site: string): Map<string, string> {
  const out = new Map<string, string>();
  let origin: string;
  try { origin = new URL(site).origin; } catch { return out; }
  const held = [post.lexical, post.html, ...IMAGE_FIELDS.map((f) => post[f])].filter((v): v is string => typeof v === 'string').join('\n');
  for (const ref of doc.imageRefs) {
    if (!ref || isRemote(ref)) { continue; }
    const parts = localPath(ref, path.dirname(file)).split(path.sep);
    for (let i = parts.length - 2; i >= 0; i--) {
      const url = `${origin}/content/images/${parts.slice(i + 1).join('/')}`;
      // The whole address, not the start of a longer one (`pic.png.webp`).
      if (parts[i] === 'images' && new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^"'\\s)<>])`).test(held)) { out.set(ref, url); break; }
    }
  }
  return out;
}

/**
 * Addresses on the site itself written site-relative (`/about/`), as a file may write them: Ghost
 * stores them and answers with the site's own address in front (`https://site.example/about/`),
 * and the two are the same link.
 */
export function siteRelative(lexical: string, site: string): string {
  let origin: string;
  try { origin = new URL(site).origin; } catch { return lexical; }
  return lexical.split(`"${origin}/`).join('"/');
}

/** The words and image addresses of an HTML document, the parts Ghost's conversion keeps whatever the markup. */
export function htmlWords(html: string): string {
  const images = [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/gi)].map((m) => m[1]);
  const text = fromLexical().decodeEntities(html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' '));
  return `${text.replace(/\s+/g, ' ').trim()}\n${images.join('\n')}`;
}
