/**
 * Preparing a push, before any write: the file read and checked, its document (front matter,
 * folder defaults, `[[links]]`), its local images, the bookmark cards already known, and the
 * payload as it would be sent now. It reads the file, the project and this clone's records, and
 * keeps bookmark cards it is given; it never writes to Ghost, and asks Ghost only where a
 * `[[Note]]` this clone does not know points (never when offline).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument, type PreparedDocument } from '../content/document';
import { lineFinder, resolveLocalImages, type ImageSize, type LocalImage } from '../content/images';
import { readLink, type PostLink } from '../content/link';
import type { LinkCard } from '../content/render';
import type { RenderMode } from '../content/meta';
import { GhostAuthorError } from '../ghost/errors';
import { isLive } from '../ghost/types';
import { sourceHash } from './fingerprint';
import { buildPayload, type Payload } from './payload';
import type { PostRecord } from './state';
import { vaultResolver } from './vault';
import { stillThere } from './owner';
import { checkForbidden, folderDefaults } from './folderConfig';
import { readTemplates } from '../content/templates';
import type { Base, PublishContext } from './engine';

/** The file is linked to a post on another site than the one it is being pushed to. */
export class WrongSiteError extends GhostAuthorError {}

function sameSite(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** A file read and checked, with everything known before any request. */
export interface Prepared {
  file: string;
  text: string;
  site: string;
  doc: PreparedDocument;
  base: Base;
  link: PostLink | undefined;
  mode: RenderMode;
  /** Local images with the URL they were uploaded to, when they were. */
  images: Array<LocalImage & { url?: string }>;
  /** The link was just written by this push (a post an earlier create made): nothing vouches for this file yet. */
  linkedHere?: boolean;
  /** sourceHash of the file. */
  src: string;
  /** Bookmark cards' addresses, with what Ghost said about each page when it was asked before. */
  bookmarks: Array<{ url: string; meta?: LinkCard }>;
  /** The tiers the file names, as Ghost's ids (looked up just before sending). */
  tierIds?: Array<{ id: string }>;
}

/** Step 1, no network: the document, its link, its images (inside the project, of the right type). */
export async function prepare(file: string, text: string, ctx: PublishContext): Promise<Prepared> {
  const site = ctx.client.site.adminUrl;
  // What the file's folder forbids front matter to set (ghost-author.yml) is refused first.
  checkForbidden(file, text, await folderDefaults(file, ctx.state.root), ctx.state.root);
  const doc = await prepareWithLinks(file, text, ctx);
  const base: Base = { file, title: doc.title, warnings: doc.warnings.map((w) => `line ${w.line}: ${w.message}`), uploaded: 0 };
  const link = doc.meta.link;
  if (link && !sameSite(link.site, site)) {
    throw new WrongSiteError(`${path.basename(file)} belongs to a post on ${link.site}, not on ${site}.`, 'Switch to that site to push it, or remove ghost_id and ghost_site to publish it as a new post here.');
  }
  const { images, problems } = await resolveLocalImages(doc.imageRefs, path.dirname(file), ctx.state.root, { lineOf: lineFinder(text) });
  if (problems.length) {
    throw new GhostAuthorError(`${path.basename(file)} refers to images that cannot be uploaded: ${problems.map((p) => p.message).join(' ')}`, 'Fix the paths (relative to the Markdown file, inside the project) and try again. Nothing was sent.');
  }
  await ctx.state.load();
  return {
    file, text, site, doc, base, link, mode: doc.meta.render ?? ctx.renderMode ?? 'lexical', src: srcOf(doc),
    // A file pulled with its images knows each one's own address (two posts may hold the same bytes
    // at two addresses); any other image, the address its bytes were uploaded to.
    images: images.map((img) => ({ ...img, url: ctx.state.upload(site, pulledImageKey(ctx, img.file, img.hash)) ?? ctx.state.upload(site, img.hash) })),
    bookmarks: doc.bookmarkUrls.map((url) => ({ url, meta: knownBookmark(ctx, site, file, url) })),
  };
}

export const srcOf = (doc: PreparedDocument) => sourceHash(doc.data, doc.split.body);

/** The record of an image `pull --all --images` wrote: its address in Ghost, by its place and bytes. */
export const pulledImageKey = (ctx: PublishContext, file: string, hash: string) => `pulled ${ctx.state.relative(file)} ${hash}`;

/**
 * The document, with its Obsidian links (`[[Note]]`, `![[image.png]]`) resolved in the project:
 * a note's post address comes from the last list of the site (a sync's) or this clone's records.
 */
export async function prepareWithLinks(file: string, text: string, ctx: PublishContext): Promise<PreparedDocument> {
  const { values, templates: setting } = await folderDefaults(file, ctx.state.root);
  const defaults = Object.keys(values).length ? values : undefined;
  // Jekyll's Liquid and Hugo's shortcodes read as the tool would show them (templates/index.ts).
  const templates = await readTemplates(file, text, ctx.state.root, setting);
  // Links to other files: Obsidian's `[[…]]`, and paths of Markdown files (written so, or by a template).
  const linking = templates ? `${text}\n${templates.body}` : text;
  if (!linking.includes('[[') && !/\.(md|markdown)\b/i.test(linking)) { return prepareDocument(file, text, { defaults, templates }); }
  const site = ctx.client.site.adminUrl;
  await ctx.state.load();
  const wiki = await vaultResolver(file, ctx.state.root, linking, async (ids) => {
    // A sync's list of the site says where each published post is; else this clone's records,
    // and what they do not know (a fresh clone, CI) is asked of Ghost, once for all of them.
    if (ctx.published) { return ctx.published; }
    const out = new Map<string, string>();
    const unknown: string[] = [];
    for (const id of ids) {
      const r = ctx.state.post(site, id);
      if (!r?.url) { unknown.push(id); } else if (isLive(r.status)) { out.set(id, r.url); }
    }
    if (unknown.length && !ctx.offline) {
      const found = await ctx.client.posts.browse({ filter: `id:[${unknown.join(',')}]`, fields: ['id', 'url', 'status'], limit: unknown.length });
      for (const p of found.items) { if (isLive(p.status) && p.url) { out.set(p.id, p.url); } }
    }
    return out;
  });
  return prepareDocument(file, text, { wiki, defaults, templates });
}

export const urlsOf = (p: Prepared) => new Map(p.images.filter((i) => i.url).map((i) => [i.ref, i.url as string]));
export const pendingOf = (p: Prepared) => p.images.filter((i) => !i.url);
/** Uploads and bookmark lookups still to make before the payload is final. */
export const pendingCount = (p: Prepared) => pendingOf(p).length + p.bookmarks.filter((b) => !b.meta).length;
const bookmarksOf = (p: Prepared) => new Map(p.bookmarks.filter((b) => b.meta).map((b) => [b.url, b.meta as LinkCard]));
/** What would be sent now: images by the URLs they were uploaded to, with the sizes read from their bytes. */
export const payloadOf = (p: Prepared): Payload => {
  const payload = buildPayload(p.doc, p.mode, urlsOf(p), new Map(p.images.filter((i) => i.size).map((i) => [i.ref, i.size as ImageSize])), bookmarksOf(p),
    new Map(p.images.filter((i) => i.kind !== 'image').map((i) => [i.ref, { ...i.media, fileSize: i.data.length, mime: i.mime }])));
  // Ghost knows tiers by id only (a name is silently dropped): the ids looked up replace the names.
  if (p.tierIds) { (payload.fields as Record<string, unknown>).tiers = p.tierIds; }
  return payload;
};

/**
 * Bookmark metadata are kept with the uploads, by site, file and URL: two posts with the same
 * address keep each their own card (Ghost's copy of one may have been edited).
 */
const bookmarkKey = (ctx: PublishContext, file: string, url: string) => `bookmark ${ctx.state.relative(file)} ${url}`;

export function knownBookmark(ctx: PublishContext, site: string, file: string, url: string): LinkCard | undefined {
  const raw = ctx.state.upload(site, bookmarkKey(ctx, file, url));
  if (!raw) { return undefined; }
  try { return JSON.parse(raw) as LinkCard; } catch { return undefined; }
}

export async function rememberBookmarks(ctx: PublishContext, site: string, file: string, metas: ReadonlyMap<string, LinkCard>): Promise<void> {
  for (const [url, meta] of metas) {
    const json = JSON.stringify(meta);
    const key = bookmarkKey(ctx, file, url);
    if (ctx.state.upload(site, key) !== json) { await ctx.state.setUpload(site, key, json); }
  }
}

/**
 * The file this clone's record names for the post this file is linked to, when it is another one
 * that still exists and still links to it. A file that moved or was renamed is no other file.
 */
export async function recordedElsewhere(file: string, id: string, record: PostRecord | undefined, ctx: PublishContext): Promise<{ file: string; text: string } | undefined> {
  const here = ctx.state.relative(file);
  if (!record?.file || record.file === here) { return undefined; }
  const text = await fs.readFile(path.join(ctx.state.root, record.file), 'utf8').catch(() => undefined);
  return text !== undefined && readLink(text)?.id === id ? { file: record.file, text } : undefined;
}

/**
 * The file that owns the post this file is linked to, when it is another one (this file is a
 * copy): the recorded file, still there and linked, and still the file pushed from its path (not
 * one put there after the pushed file, maybe this one, moved away: then the record does not say).
 */
export async function otherOwner(file: string, id: string, record: PostRecord | undefined, ctx: PublishContext): Promise<string | undefined> {
  const other = await recordedElsewhere(file, id, record, ctx);
  if (!other) { return undefined; }
  return await stillThere(ctx, path.join(ctx.state.root, other.file), { id, gone: record?.gone }, { record, others: [file], text: other.text }) ? other.file : undefined;
}
