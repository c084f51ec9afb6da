import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument, type PreparedDocument } from '../content/document';
import { resolveLocalImages, type ImageSize, type LocalImage } from '../content/images';
import { readLink, removeLink, writeLink, type PostLink } from '../content/link';
import { postToMarkdown } from '../content/pull';
import { bookmarkMetadata } from '../content/fromLexical';
import { EMBED_PROVIDERS, plainBookmark } from '../content/lexical';
import type { LinkCard } from '../content/render';
import type { RenderMode } from '../content/meta';
import type { ContentResource, GhostClient } from '../ghost/client';
import { ConflictError, GhostApiError, GhostAuthorError, NetworkError, RedirectError, UnexpectedResponseError } from '../ghost/errors';
import { isLive, type Identity, type PostLike } from '../ghost/types';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { ghostFingerprint, markHolds, readMark, sourceHash, nameList, relationsOf, withMark, type Relations } from './fingerprint';
import { buildPayload, holdsSame, matchesSent, type Payload } from './payload';
import type { Intent, PendingCreate, PostRecord, StateStore } from './state';
import type { FileHistory } from './history';
import { ownerOf, planIntent, planPush, planRelations, planUpdate } from './plan';
import { claimantsUnder } from './owner';
import { readWhen } from '../dates';
import { readDate } from '../content/meta';
import { vaultResolver } from './vault';
import { confirmSend, emailIntent, planEmail, type EmailPlan } from './email';
import type { EmailSend } from '../ghost/emailSend';
import { folderDefaults } from './folderConfig';

export interface PublishContext {
  client: GhostClient;
  state: StateStore;
  logger?: Logger;
  /** Short messages for a progress bar. */
  progress?: (message: string) => void;
  /** The default when the file does not say (`render:` in its front matter). */
  renderMode?: RenderMode;
  /** Who the credentials belong to: Contributors and Authors must name themselves as author. */
  identity?: Identity;
  /** Stops before the next upload or write when aborted; what was already sent stays recorded. */
  signal?: AbortSignal;
  now?: () => number;
  /**
   * The front matter's `status` is acted on: on a first push, and afterwards only when it changed
   * since the last push (the CLI: CI publishes what the writer marked, and re-runs change nothing).
   */
  frontMatterStatus?: boolean;
  /**
   * Earlier versions of a file (git): with no record here, a push goes over the last push from
   * another clone only if this file descends from what that push sent.
   */
  history?: FileHistory;
  /**
   * Writes a file's new text with its link, as soon as Ghost has made the post (before any
   * further step): the CLI writes the file, the extension edits the open document.
   */
  writeLink?: (file: string, text: string) => Promise<void>;
  /** Published posts' addresses by id (from a list of the site): where `[[Note]]` links point. */
  published?: ReadonlyMap<string, string>;
  /** Work from local data only (file decorations): no request, even to place a `[[link]]`. */
  offline?: boolean;
}

export interface PublishOptions {
  /** A status change, asked for explicitly. Without it the status in Ghost is left as it is. */
  status?: 'draft' | 'published' | 'scheduled';
  /** With status scheduled (or to back-date): defaults to the front matter's published_at. */
  publishedAt?: string;
  /** Send the post by email to this newsletter (slug) as it is published: cannot be undone. */
  newsletter?: string;
  emailSegment?: string;
  /** Send it as an email only (Ghost's `email_only`: the post never shows on the site). */
  emailOnly?: boolean;
  /**
   * Asked once a send is checked (newsletter, segment, members it reaches, never sent before),
   * before anything changes: false stops the publish. Without it nothing is ever emailed (a
   * newsletter the file names is left unsent, and said so).
   */
  confirmEmail?: (plan: EmailPlan, title: string) => Promise<boolean>;
  /** Overwrite Ghost's version even if it changed since it was last seen. */
  force?: boolean;
  /**
   * With `force`: the version of Ghost's post the writer was shown (its ghostFingerprint). Ghost's
   * version is overwritten only while it is still that one; changed again since, it is a conflict
   * again (an edit the writer never saw is never overwritten). Without it, `force` overwrites any.
   */
  forceOver?: string;
  /** Work out what would be sent; upload and send nothing. */
  dryRun?: boolean;
  /** Create the post again if it was deleted in Ghost. */
  recreate?: boolean;
  /** When another file owns the post: publish this file as a new post, or make it the owner. */
  ownership?: 'new' | 'take-over';
}

interface Base {
  file: string;
  title: string;
  /** Warnings to show (unknown fields…). */
  warnings: string[];
  uploaded: number;
}

export type PublishOutcome = Base & (
  | { kind: 'created'; post: PostLike; /** The file's new text, with the link written in. */ newText: string;
    /** The post exists and is linked, but a status change asked for with it failed (see warnings). */ incomplete?: boolean }
  | { kind: 'updated'; post: PostLike }
  | { kind: 'unchanged'; id: string }
  /** Ghost has a version this push would overwrite; nothing was written. */
  | { kind: 'conflict'; id: string; server: PostLike | undefined; reason: 'edited-in-ghost' | 'no-record'; payload: Payload }
  /**
   * Another file of the project owns this post (a copy of it): nothing was sent. With `ambiguous`,
   * several files name the post and none can show it is the one last pushed: the writer chooses.
   */
  | { kind: 'owned-elsewhere'; id: string; owner: string; ambiguous?: string[] }
  | { kind: 'deleted'; id: string }
  | { kind: 'dry-run'; payload: Payload; action: 'create' | 'update' | 'none'; uploads: string[]; id?: string }
);

/** The file is linked to a post on another site than the one it is being pushed to. */
export class WrongSiteError extends GhostAuthorError {}

/** The writer cancelled: nothing more is sent (uploads already made stay recorded for next time). */
export class CancelledError extends GhostAuthorError {
  static override is(e: unknown): e is CancelledError {
    return e instanceof CancelledError;
  }
}

function sameSite(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** A file read and checked, with everything known before any request. */
interface Prepared {
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
async function prepare(file: string, text: string, ctx: PublishContext): Promise<Prepared> {
  const site = ctx.client.site.adminUrl;
  const doc = await prepareWithLinks(file, text, ctx);
  const base: Base = { file, title: doc.title, warnings: doc.warnings.map((w) => `line ${w.line}: ${w.message}`), uploaded: 0 };
  const link = doc.meta.link;
  if (link && !sameSite(link.site, site)) {
    throw new WrongSiteError(`${path.basename(file)} belongs to a post on ${link.site}, not on ${site}.`, 'Switch to that site to push it, or remove ghost_id and ghost_site to publish it as a new post here.');
  }
  const { images, problems } = await resolveLocalImages(doc.imageRefs, path.dirname(file), ctx.state.root);
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

const srcOf = (doc: PreparedDocument) => sourceHash(doc.data, doc.split.body);

/** The record of an image `pull --all --images` wrote: its address in Ghost, by its place and bytes. */
export const pulledImageKey = (ctx: PublishContext, file: string, hash: string) => `pulled ${ctx.state.relative(file)} ${hash}`;

/**
 * The document, with its Obsidian links (`[[Note]]`, `![[image.png]]`) resolved in the project:
 * a note's post address comes from the last list of the site (a sync's) or this clone's records.
 */
async function prepareWithLinks(file: string, text: string, ctx: PublishContext): Promise<PreparedDocument> {
  const { values } = await folderDefaults(file, ctx.state.root);
  const defaults = Object.keys(values).length ? values : undefined;
  if (!text.includes('[[')) { return prepareDocument(file, text, { defaults }); }
  const site = ctx.client.site.adminUrl;
  await ctx.state.load();
  const wiki = await vaultResolver(file, ctx.state.root, text, async (ids) => {
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
  return prepareDocument(file, text, { wiki, defaults });
}

const urlsOf = (p: Prepared) => new Map(p.images.filter((i) => i.url).map((i) => [i.ref, i.url as string]));
const pendingOf = (p: Prepared) => p.images.filter((i) => !i.url);
/** Uploads and bookmark lookups still to make before the payload is final. */
const pendingCount = (p: Prepared) => pendingOf(p).length + p.bookmarks.filter((b) => !b.meta).length;
const bookmarksOf = (p: Prepared) => new Map(p.bookmarks.filter((b) => b.meta).map((b) => [b.url, b.meta as LinkCard]));
/** What would be sent now: images by the URLs they were uploaded to, with the sizes read from their bytes. */
const payloadOf = (p: Prepared): Payload => {
  const payload = buildPayload(p.doc, p.mode, urlsOf(p), new Map(p.images.filter((i) => i.size).map((i) => [i.ref, i.size as ImageSize])), bookmarksOf(p),
    new Map(p.images.filter((i) => i.kind !== 'image').map((i) => [i.ref, { ...i.media, fileSize: i.data.length, mime: i.mime }])));
  // Ghost knows tiers by id only (a name is silently dropped): the ids looked up replace the names.
  if (p.tierIds) { (payload.fields as Record<string, unknown>).tiers = p.tierIds; }
  return payload;
};

/** The tiers a file names, as Ghost's ids; an unknown name stops the push before anything is sent. */
async function resolveTiers(ctx: PublishContext, names: readonly string[]): Promise<Array<{ id: string }>> {
  const tiers = await ctx.client.tiers();
  const out: Array<{ id: string }> = [];
  for (const n of names) {
    const t = tiers.find((x) => x.name.toLowerCase() === n.toLowerCase() || x.slug === n.toLowerCase());
    if (!t) {
      throw new GhostAuthorError(`This site has no tier “${n}”.`, `Its tiers: ${tiers.map((x) => x.name).join(', ') || 'none'}. Nothing was sent.`);
    }
    out.push({ id: t.id });
  }
  return out;
}

/**
 * Bookmark metadata are kept with the uploads, by site, file and URL: two posts with the same
 * address keep each their own card (Ghost's copy of one may have been edited).
 */
const bookmarkKey = (ctx: PublishContext, file: string, url: string) => `bookmark ${ctx.state.relative(file)} ${url}`;

function knownBookmark(ctx: PublishContext, site: string, file: string, url: string): LinkCard | undefined {
  const raw = ctx.state.upload(site, bookmarkKey(ctx, file, url));
  if (!raw) { return undefined; }
  try { return JSON.parse(raw) as LinkCard; } catch { return undefined; }
}

async function rememberBookmarks(ctx: PublishContext, site: string, file: string, metas: ReadonlyMap<string, LinkCard>): Promise<void> {
  for (const [url, meta] of metas) {
    const json = JSON.stringify(meta);
    const key = bookmarkKey(ctx, file, url);
    if (ctx.state.upload(site, key) !== json) { await ctx.state.setUpload(site, key, json); }
  }
}

/**
 * What Ghost reads from a page an address alone on its line points to: for a known provider
 * (YouTube, Vimeo, X, Spotify…) its embed, else (or when Ghost cannot embed it) a bookmark's
 * metadata. When Ghost cannot read the page (offline, no such page), the card shows the address;
 * either way the answer is kept, so the next push asks nothing.
 */
async function lookUpBookmark(ctx: PublishContext, url: string): Promise<LinkCard> {
  // Ghost says it could not read the page (422 and the like); not a refused key or a failure of Ghost's own.
  const unreadable = (e: unknown): e is GhostApiError => GhostApiError.is(e) && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403;
  if (EMBED_PROVIDERS.test(url)) {
    try {
      const e = await ctx.client.embed(url);
      if (typeof e.html === 'string' && e.html) {
        const { html, type, ...metadata } = e;
        return { embedType: typeof type === 'string' ? type : 'rich', html, metadata };
      }
    } catch (e) {
      if (!unreadable(e)) { throw e; }
    }
  }
  try {
    const m = await ctx.client.bookmark(url);
    const s = (k: string) => (typeof m[k] === 'string' ? m[k] as string : '');
    return { icon: s('icon'), title: s('title') || url, description: s('description'), author: s('author'), publisher: s('publisher'), thumbnail: s('thumbnail') };
  } catch (e) {
    if (unreadable(e)) {
      (ctx.logger ?? silentLogger).info(`Ghost could not read ${url} for its bookmark card (${e.message}); it shows the address.`);
      return plainBookmark(url);
    }
    throw e;
  }
}

/** What the file says now about status and date, to record with the push. */
const intentOf = (doc: PreparedDocument): Intent => ({ status: doc.meta.status, publishedAt: doc.meta.publishedAtLocal ?? doc.meta.publishedAt });

type Want = ReturnType<typeof planIntent>;

/** Step 2, the writer's intent (see planIntent). */
function statusIntent(p: Prepared, record: PostRecord | undefined, opts: PublishOptions, ctx: PublishContext): Want {
  const meta = p.doc.meta;
  // Another tool's draft: / date: only say how a post starts: a linked post's status and date
  // change only when the file says so in Ghost's own words (status:, published_at:).
  const imported = (as: string) => !!p.link && meta.imported.some((i) => i.as === as);
  const status = imported('status') ? undefined : meta.status;
  const at = imported('published_at') ? undefined : meta.publishedAtLocal ?? meta.publishedAt;
  return planIntent({
    file: { status, publishedAt: at, publishedAtIso: imported('published_at') ? undefined : meta.publishedAt },
    last: record?.intent, linked: !!p.link, asked: opts.status ? { status: opts.status, publishedAt: opts.publishedAt } : undefined,
    frontMatterStatus: !!ctx.frontMatterStatus,
  });
}

function checkStatusRequest(want: Want, opts: PublishOptions, now: () => number): void {
  if (opts.newsletter && opts.status !== 'published' && opts.status !== 'scheduled') {
    throw new GhostAuthorError('A newsletter is only sent when the post is published or scheduled.', 'Ask to publish (or schedule) together with the newsletter.');
  }
  if (want.status === 'scheduled') {
    if (!want.publishedAt) {
      throw new GhostAuthorError('Scheduling needs a date: published_at in the front matter, or a date given with the command.');
    }
    const given = readDate(want.publishedAt);
    if (typeof given === 'string') { throw new GhostAuthorError(given); }
    // A date without a zone is checked once it is read on the site's clock (statusFields).
    if (!given.local && Date.parse(given.iso) <= now()) {
      throw new GhostAuthorError(`The scheduled date ${want.publishedAt} is not in the future.`, 'Choose a later date.');
    }
  }
}

/** The status fields to send; a date written without a zone is read in the site's zone. */
async function statusFields(p: Prepared, want: Want, opts: PublishOptions, ctx: PublishContext): Promise<Partial<PostLike>> {
  let at = want.publishedAt;
  // One reading of dates: what the writer gave (a dialog, a flag) or the file's own date, either
  // way a date without a zone is read on the site's clock.
  const raw = at === undefined ? undefined : opts.publishedAt ?? p.doc.meta.publishedAtLocal;
  let onSiteClock = false;
  if (raw !== undefined) {
    const read = await readWhen(raw, () => ctx.client.timezone());
    if ('error' in read) { throw new GhostAuthorError(read.error); }
    at = read.iso;
    onSiteClock = !read.zoned;
  }
  if (want.status === 'scheduled') {
    if (!at || Date.parse(at) <= (ctx.now ?? Date.now)()) {
      throw new GhostAuthorError(`The scheduled date ${raw ?? at ?? ''} is not in the future${onSiteClock ? ' on the site\'s clock' : ''}.`, 'Choose a later date.');
    }
    return { status: 'scheduled', published_at: at };
  }
  if (want.status === 'published') { return at ? { status: 'published', published_at: at } : { status: 'published' }; }
  if (want.status === 'draft') { return { status: 'draft' }; }
  return at ? { published_at: at } : {};
}

/**
 * Pushes one Markdown file to Ghost: creates the post on first push (and returns the link to
 * write into the file), updates it afterwards, and never overwrites an edit made in Ghost since
 * the post was last seen. Content unchanged since the last push sends no request at all.
 */
export async function publishFile(file: string, text: string, ctx: PublishContext, opts: PublishOptions = {}): Promise<PublishOutcome> {
  return publishText(file, text, ctx, opts, false);
}

/** `linkedHere`: the link in `text` was just written by this push, not yet seen in the file. */
async function publishText(file: string, text: string, ctx: PublishContext, opts: PublishOptions, linkedHere: boolean): Promise<PublishOutcome> {
  const p = await prepare(file, text, ctx);
  p.linkedHere = linkedHere;
  const { site, link, base } = p;
  const record = link ? ctx.state.post(site, link.id) : undefined;
  if (link && !linkedHere && ctx.state.pendingCreate(site, file)?.postId === link.id) {
    // The file carries its link: the record of its creation has done its job.
    await ctx.state.clearPendingCreate(site, file);
  }
  const owner = link ? await otherOwner(file, link.id, record, ctx) : undefined;
  if (opts.emailOnly) { p.doc.meta.fields.email_only = true; }
  const want = statusIntent(p, record, opts, ctx);
  checkStatusRequest(want, opts, ctx.now ?? Date.now);
  const goesLive = want.status === 'published' || want.status === 'scheduled';
  const email = emailIntent(p.doc, opts);
  if (p.doc.meta.fields.email_only === true && goesLive && !email) {
    // Ghost would mark it sent and email nobody: an email-only post only ever goes out by email.
    throw new GhostAuthorError(`“${p.doc.title}” is email-only: publishing it means sending it, so it needs a newsletter and a confirmed send.`,
      opts.confirmEmail ? 'Name the newsletter (newsletter: in the front matter, or --newsletter). Nothing was sent.' : 'Publish it with Publish… (or the CLI\'s publish --status published), which names the newsletter and asks. Nothing was sent.');
  }
  if (goesLive && !email && p.doc.meta.newsletter && !opts.dryRun) {
    base.warnings.push(`The file names the newsletter “${p.doc.meta.newsletter}”, but no email was sent: only a publish that asks you to confirm the send (Publish…, or the CLI with a confirmation) emails.`);
  }
  const known = payloadOf(p);
  const pending = pendingOf(p);
  const step = planPush({
    linked: !!link, owner, ownership: opts.ownership, recordHash: record?.hash, hash: known.hash,
    recordIsThisFile: !!record && (record.file === undefined || record.file === ctx.state.relative(file)),
    pendingUploads: pendingCount(p), wantsChange: !!want.status || want.publishedAt !== undefined,
  });
  if (step === 'as-new') { return publishFile(file, removeLink(text), ctx, { ...opts, ownership: undefined, recreate: false }); }
  if (step === 'owned-elsewhere' && link && owner) { return { ...base, kind: 'owned-elsewhere', id: link.id, owner }; }
  if (opts.dryRun) {
    return { ...base, kind: 'dry-run', payload: known, action: step === 'create' ? 'create' : step === 'unchanged' ? 'none' : 'update', uploads: pending.map((i) => i.ref), id: link?.id };
  }
  if (step === 'unchanged' && link) {
    (ctx.logger ?? silentLogger).debug(`${file}: unchanged since the last push; nothing sent.`);
    return { ...base, kind: 'unchanged', id: link.id };
  }
  // Checked only when something will be sent: an unchanged file costs no request at all.
  if (p.doc.meta.authors?.length) { await checkAuthors(ctx.client, p.doc.meta.authors); }
  if (p.doc.meta.tiers) { p.tierIds = await resolveTiers(ctx, p.doc.meta.tiers); }
  // The audience: checked, then confirmed, before anything changes on the site. No email unless
  // the writer confirmed this very send (an empty newsletter says "none", over the file's).
  let send: EmailSend | undefined;
  if (email) {
    const plan = await planEmail(ctx.client, email, { id: link?.id, title: p.doc.title, emailOnly: p.doc.meta.fields.email_only === true, type: p.doc.meta.type });
    send = await confirmSend(plan, p.doc.title, opts.confirmEmail);
    if (!send) { throw new CancelledError('Not published: the email was not confirmed. Nothing was sent.'); }
  }
  stopIfCancelled(ctx);
  return link ? update(p, link, record, want, opts, ctx, send) : create(p, want, opts, ctx, send);
}

/**
 * The file that owns the post this file is linked to, when it is another one that still exists
 * and still links to it (this file is a copy). A file that moved or was renamed is no other owner.
 */
async function otherOwner(file: string, id: string, record: PostRecord | undefined, ctx: PublishContext): Promise<string | undefined> {
  const here = ctx.state.relative(file);
  if (!record?.file || record.file === here) { return undefined; }
  const text = await fs.readFile(path.join(ctx.state.root, record.file), 'utf8').catch(() => undefined);
  return text !== undefined && readLink(text)?.id === id ? record.file : undefined;
}

/**
 * With Ghost's version read: the file that owns the post when it is not this one (or, when no
 * file can show it is the one last pushed, every file naming it). Undefined when this file owns it.
 */
async function ownerAfterRead(ctx: PublishContext, p: Prepared, id: string, record: PostRecord | undefined, current: PostLike): Promise<{ owner?: string; ambiguous: string[] } | undefined> {
  const here = ctx.state.relative(p.file);
  const mark = readMark(current.lexical);
  if (mark?.file === here) { return undefined; }
  const found = (await claimantsUnder(ctx.state.root)).get(id) ?? [];
  const claimants = [...found.filter((c) => c.file !== here), { file: here, src: p.src }];
  const decided = ownerOf({ claimants, recorded: record?.file, marked: mark });
  if ('owner' in decided) { return decided.owner === here ? undefined : { owner: decided.owner, ambiguous: [] }; }
  return { ambiguous: decided.ambiguous };
}

/** Uploads the images Ghost does not have yet; the payload then holds every URL. */
async function upload(p: Prepared, ctx: PublishContext): Promise<Payload> {
  const pending = pendingOf(p);
  for (const [i, img] of pending.entries()) {
    stopIfCancelled(ctx);
    ctx.progress?.(`Uploading ${img.ref} (${i + 1}/${pending.length})`);
    const res = img.kind === 'image' ? await ctx.client.uploadImage(img.file, { ref: img.ref, data: img.data })
      : img.kind === 'file' ? await ctx.client.uploadFile(img.file, img.mime, img.data, img.ref)
        : await ctx.client.uploadMedia(img.file, img.mime, img.data, img.ref);
    await ctx.state.setUpload(p.site, img.hash, res.url);
    img.url = res.url;
    p.base.uploaded++;
  }
  for (const b of p.bookmarks.filter((x) => !x.meta)) {
    stopIfCancelled(ctx);
    ctx.progress?.(`Reading ${b.url} for its bookmark card`);
    b.meta = await lookUpBookmark(ctx, b.url);
    await rememberBookmarks(ctx, p.site, p.file, new Map([[b.url, b.meta]]));
  }
  return payloadOf(p);
}

/** The one function that records a push or a pull: what the file said, and what Ghost holds. */
export async function recordPost(ctx: PublishContext, file: string, doc: PreparedDocument, post: PostLike, hash: string): Promise<void> {
  await ctx.state.setPost({
    site: ctx.client.site.adminUrl, id: post.id, type: doc.meta.type, file: ctx.state.relative(file),
    updatedAt: post.updated_at, status: post.status, publishedAt: post.published_at ?? null, ...(post.url ? { url: post.url } : {}),
    hash, ghost: ghostFingerprint(post), intent: intentOf(doc), relations: agreedRelations(doc, post), fileRelations: fileRelations(doc),
  });
}

/** The tags and authors both sides last agreed on: the file's own where it names them, Ghost's otherwise. */
function agreedRelations(doc: PreparedDocument, post: PostLike): { tags: string; authors: string } {
  const mine = fileRelations(doc);
  const theirs = relationsOf(post);
  return { tags: mine.tags ?? theirs.tags, authors: mine.authors ?? theirs.authors };
}

function fileRelations(doc: PreparedDocument): { tags?: string; authors?: string } {
  return { tags: doc.meta.tags && nameList(doc.meta.tags), authors: doc.meta.authors && nameList(doc.meta.authors) };
}

/** A record that vouches for nothing: the next push compares with Ghost's version. */
const UNVERIFIED = 'unverified';

const resourceOf = (ctx: PublishContext, p: Prepared): ContentResource => ctx.client.resource(p.doc.meta.type === 'page' ? 'pages' : 'posts');
const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors', 'tiers'] };

async function create(p: Prepared, want: Want, opts: PublishOptions, ctx: PublishContext, send?: EmailSend): Promise<PublishOutcome> {
  const log = ctx.logger ?? silentLogger;
  const { site, file, base, doc } = p;
  const resource = resourceOf(ctx, p);
  const landed = await landedCreate(ctx, file, resource, { fields: payloadOf(p).fields, title: doc.title });
  if (landed) {
    // An earlier push created the post (its answer lost, or its link not written): link it
    // instead of making a second one, then push this version onto it.
    log.warn(`${file}: the post an earlier push created (${landed.id}) is linked now; no second post was made.`);
    const newText = writeLink(p.text, { id: landed.id, site });
    // Nothing vouches for this file yet: it may have changed since (or be another file of the
    // same name), so this push and the next compare with Ghost's version and ask when they differ.
    await ctx.state.setPost({ site, id: landed.id, type: doc.meta.type, file: ctx.state.relative(file), updatedAt: landed.updated_at, hash: '', ghost: UNVERIFIED });
    await ctx.state.settlePendingCreate(site, file, landed.id);
    await ctx.writeLink?.(file, newText);
    const note = `An earlier push of this file created post ${landed.id}; it is now linked to this file instead of a second post being made.`;
    let next: PublishOutcome;
    try {
      next = await publishText(file, newText, ctx, opts, true);
    } catch (e) {
      return { ...base, warnings: [...base.warnings, note, `It was not updated: ${e instanceof Error ? e.message : String(e)}`], kind: 'created', post: landed, newText, incomplete: true };
    }
    if (next.kind === 'deleted' || next.kind === 'created') { return next; }
    const post = next.kind === 'updated' ? next.post : landed;
    const extra = next.kind === 'conflict' ? ['Ghost holds a different version of it: push again to compare the two.'] : [];
    return { ...base, uploaded: base.uploaded + next.uploaded, warnings: [...base.warnings, note, ...extra], kind: 'created', post, newText, incomplete: next.kind === 'conflict' || undefined };
  }
  // Claimed before any upload: a second push of this file meanwhile (publish-on-save during a
  // push, the CLI beside the editor) stops instead of making a second post.
  const marker = randomUUID();
  const clock = ctx.now ?? Date.now;
  const claim = (hash: string) => ({ type: doc.meta.type, title: doc.title, uuid: marker, sentAt: new Date(clock()).toISOString(), hash });
  const blocker = await ctx.state.claimCreate(site, file, claim(''), (x) => !x.settled && inFlight(x, clock()));
  if (blocker) { throw alreadyPushing(file, blocker, clock()); }
  let payload: Payload;
  let fields: Partial<PostLike>;
  try {
    payload = await upload(p, ctx);
    stopIfCancelled(ctx);
    fields = await statusFields(p, want, opts, ctx);
  } catch (e) {
    // Nothing was created: the claim goes.
    await ctx.state.clearPendingCreate(site, file);
    throw e;
  }
  ctx.progress?.(`Creating “${doc.title}”`);
  // Email goes out only on an update that publishes, so a post to be emailed is created as a draft first.
  const createStatus = send ? {} : fields;
  // A mark only this request sets, where Ghost keeps it verbatim (the Lexical root): if the
  // answer is lost, the next push finds exactly this post. (Ghost ignores a uuid or comment_id
  // given on create, and HTML it converts keeps no comment: HTML payloads are found by content.)
  const mine = fileRelations(doc);
  const body = payload.fields.lexical ? { lexical: withMark(payload.fields.lexical, payload.fields, { tags: mine.tags, authors: mine.authors }, { create: marker, src: p.src, file: ctx.state.relative(file) }) } : {};
  // The time it is sent, after the uploads (which may have taken a while).
  await ctx.state.setPendingCreate(site, file, claim(payload.hash));
  let post: PostLike;
  try {
    post = await resource.create({ ...payload.fields, ...body, ...selfAuthor(ctx.identity, payload), status: 'draft', ...createStatus }, { source: payload.source });
  } catch (e) {
    if (!mayHaveLanded(e)) {
      await ctx.state.clearPendingCreate(site, file);
      throw e;
    }
    await ctx.state.settlePendingCreate(site, file);
    const found = await landedCreate(ctx, file, resource, { keepIfNone: true, fields: payload.fields, title: doc.title }).catch(() => undefined);
    if (!found) {
      throw inDoubt(e, 'Ghost may still have created the post.', 'Push again: it first looks for the post this push created and links it, so no second post is made.');
    }
    post = found;
  }
  post = await settleMark(resource, post, log);
  await recordPost(ctx, file, doc, post, payload.hash);
  // Kept, with the post's id, until a push sees the link in the file: if the link never gets
  // written (an editor closed unsaved, a failed write), the next push links this post again.
  await ctx.state.settlePendingCreate(site, file, post.id);
  const newText = writeLink(p.text, { id: post.id, site });
  await ctx.writeLink?.(file, newText);
  if (send && fields.status) {
    try {
      post = await resource.update(post.id, { ...fields, updated_at: post.updated_at }, { send });
      await recordPost(ctx, file, doc, post, payload.hash);
    } catch (e) {
      // The draft exists and the file is linked to it; only the publish-and-send step failed.
      const why = e instanceof Error ? e.message : String(e);
      log.error(`Created ${post.id} as a draft, but publishing it with the newsletter failed: ${why}`);
      return { ...base, warnings: [...base.warnings, `Created as a draft, but publishing it failed (${why}); no email was sent. Publish again to retry.`], kind: 'created', post, newText, incomplete: true };
    }
  }
  log.info(`Created ${doc.meta.type} ${post.id} “${doc.title}” from ${file}`);
  return { ...base, kind: 'created', post, newText };
}

/**
 * Whether Ghost's version is the one this file last pushed or pulled: its fingerprint is the one
 * recorded then. (Records from before fingerprints fall back to `updated_at`.)
 */
async function untouched(current: PostLike, record: PostRecord | undefined, p: Prepared, ctx: PublishContext): Promise<boolean> {
  // No record here (a fresh clone, CI): Ghost must still hold what the last push (from whatever
  // clone) left, and this file must descend from the file that push sent (its history holds it).
  if (!record) {
    const mark = readMark(current.lexical);
    // A post no push marked (pulled by `pull --all`, or written elsewhere): untouched in Ghost if
    // some committed version of this file shows exactly what Ghost holds.
    if (!mark && !p.linkedHere && ctx.history) { return historyShows(current, p, ctx); }
    const src = mark?.src;
    if (p.linkedHere || !src || !markHolds(current) || !ctx.history) { return false; }
    const past = await ctx.history(p.file);
    return past.some((text) => {
      try { return srcOf(prepareDocument(p.file, text, { defaults: p.doc.defaults })) === src; } catch { return false; }
    });
  }
  if (record.ghost === UNVERIFIED) { return false; }
  if (record.ghost) { return ghostFingerprint(current) === record.ghost; }
  return Date.parse(current.updated_at) === Date.parse(record.updatedAt);
}

/** Whether a committed version of the file would send what Ghost holds now. */
async function historyShows(current: PostLike, p: Prepared, ctx: PublishContext): Promise<boolean> {
  const past = await (ctx.history as FileHistory)(p.file);
  return past.some((text) => {
    try {
      const doc = prepareDocument(p.file, text, { defaults: p.doc.defaults });
      return holdsSame(current, buildPayload(doc, doc.meta.render ?? p.mode, urlsOf(p)).fields);
    } catch {
      return false;
    }
  });
}

async function update(p: Prepared, link: PostLink, record: PostRecord | undefined, want: Want, opts: PublishOptions, ctx: PublishContext, email?: EmailSend): Promise<PublishOutcome> {
  const log = ctx.logger ?? silentLogger;
  const { file, base, doc } = p;
  const resource = resourceOf(ctx, p);
  const known = payloadOf(p);
  // One read: Ghost's version now, to tell an edit made there from our own last push.
  const current = await readOrUndefined(() => resource.read(link.id, FULL));
  if (!current) {
    // Not deleted if it is there as the other type: Ghost cannot turn a post into a page.
    const other = p.doc.meta.type === 'page' ? 'post' : 'page';
    if (await readOrUndefined(() => ctx.client.resource(other === 'page' ? 'pages' : 'posts').read(link.id, { fields: ['id'] }))) {
      throw new GhostAuthorError(`${path.basename(file)} says it is a ${p.doc.meta.type}, but its post in Ghost is a ${other}: Ghost cannot turn one into the other.`, `Make the file a ${other} again (type: in its front matter or its folder's ghost-author.yml), or remove ghost_id and ghost_site to publish it as a new ${p.doc.meta.type}. Nothing was sent.`);
    }
    return deletedOr(p, link.id, opts, ctx);
  }
  const adopt = async (server: PostLike, why: string): Promise<PublishOutcome> => {
    await recordPost(ctx, file, doc, server, known.hash);
    log.info(`${file}: ${why}; recorded it as pushed.`);
    return { ...base, kind: 'updated', post: server };
  };
  // The one owner rule, when this clone's record does not settle it (no record: a fresh clone, CI;
  // or the recorded file is gone): another file naming the post may be its owner, and this a copy.
  if (opts.ownership !== 'take-over' && (!record || (record.file !== undefined && record.file !== ctx.state.relative(file)))) {
    const who = await ownerAfterRead(ctx, p, link.id, record, current);
    if (who) {
      if (opts.ownership === 'new') { return publishFile(file, removeLink(p.text), ctx, { ...opts, ownership: undefined, recreate: false }); }
      return { ...base, kind: 'owned-elsewhere', id: link.id, owner: who.owner ?? who.ambiguous.filter((f) => f !== ctx.state.relative(file)).join(', '), ...(who.owner ? {} : { ambiguous: who.ambiguous }) };
    }
  }
  const conflict = (server: PostLike | undefined): PublishOutcome => ({ ...base, kind: 'conflict', id: link.id, server, reason: record && record.ghost !== UNVERIFIED ? 'edited-in-ghost' : 'no-record', payload: known });
  const fields = await statusFields(p, want, opts, ctx);
  const when = (v: string | null | undefined) => (v ? Date.parse(v) : null);
  const dateEdited = fields.published_at !== undefined && record?.publishedAt !== undefined
    && when(current.published_at) !== when(record.publishedAt);
  const relations = planRelations(fileRelations(doc), relationsOf(current), record);
  const step = planUpdate({
    // Ghost already holds exactly this (pushed from another clone, or an answer that was lost): recorded, nothing written.
    sameAsGhost: !pendingCount(p) && holdsSame(current, { ...known.fields, ...fields }),
    untouched: await untouched(current, record, p, ctx),
    dateEdited, relationsConflict: !!record && relations.conflict, force: !!opts.force,
  });
  if (step === 'adopt') { return adopt(current, 'Ghost already holds this version'); }
  if (step === 'conflict') { return conflict(current); }
  if (step === 'overwrite' && opts.forceOver !== undefined && ghostFingerprint(current) !== opts.forceOver) {
    // The writer chose to overwrite another version than Ghost holds now: show this one first.
    return conflict(current);
  }
  if (step === 'overwrite') { log.warn(`Overwriting the version of ${link.id} edited in Ghost at ${current.updated_at}, as asked.`); }
  const payload = await upload(p, ctx);
  stopIfCancelled(ctx);
  const sent: Partial<PostLike> = { ...payload.fields, ...fields };
  for (const k of ['tags', 'authors'] as const) {
    if (!relations.send.includes(k) && !opts.force) { delete sent[k]; }
  }
  if (typeof sent.lexical === 'string') {
    // The mark covers the tags and authors the file names, as Ghost will hold them after this push.
    const mine = fileRelations(doc);
    const theirs = relationsOf(current);
    const after: Partial<Relations> = {};
    for (const k of ['tags', 'authors'] as const) {
      if (mine[k] !== undefined) { after[k] = sent[k] ? mine[k] : theirs[k]; }
    }
    sent.lexical = withMark(sent.lexical, sent, after, { src: p.src, file: ctx.state.relative(file) });
  }
  ctx.progress?.(`Updating “${doc.title}”`);
  const send = (at: string) => resource.update(link.id, { ...sent, updated_at: at }, {
    source: payload.source, send: fields.status ? email : undefined,
  });
  let post: PostLike;
  try {
    post = await send(current.updated_at);
  } catch (e) {
    if (ConflictError.is(e)) {
      // Edited in Ghost between our read and our write.
      const server = e.server as PostLike | undefined;
      if (server && matchesSent(server, sent)) { return adopt(server, 'Ghost already holds this version'); }
      if (!opts.force || !server || (opts.forceOver !== undefined && ghostFingerprint(server) !== opts.forceOver)) { return conflict(server); }
      post = await send(server.updated_at);
    } else if (GhostApiError.is(e) && e.status === 404) {
      return deletedOr(p, link.id, opts, ctx);
    } else if (mayHaveLanded(e)) {
      // The answer was lost: if Ghost saved it, record that, so the next push is not a false conflict.
      const server = await resource.read(link.id, FULL).catch(() => undefined);
      if (server && ghostFingerprint(server) !== ghostFingerprint(current) && matchesSent(server, sent)) {
        return adopt(server, 'Ghost saved the update although its answer was lost');
      }
      throw inDoubt(e, 'Ghost may still have saved the update.', 'Push again: if it did, the push sees that Ghost holds this version and sends nothing more.');
    } else {
      throw e;
    }
  }
  post = await settleMark(resource, post, log);
  await recordPost(ctx, file, doc, post, payload.hash);
  log.info(`Updated ${doc.meta.type} ${post.id} “${doc.title}” from ${file}`);
  return { ...base, kind: 'updated', post };
}

/**
 * The mark names the fields and relations as they were sent; Ghost keeps some of them in its own
 * form (a slug it made unique, a tag it already had under another case, an address it
 * rewrote). When the post Ghost answered with no longer matches its mark, the mark is written
 * again from Ghost's own values (one more request, only then), so that a clean clone sees the
 * post as this push left it rather than as edited in Ghost.
 */
async function settleMark(resource: ContentResource, post: PostLike, log: Logger): Promise<PostLike> {
  const mark = readMark(post.lexical);
  if (!mark || markHolds(post) || typeof post.lexical !== 'string') { return post; }
  const held = Object.fromEntries(mark.fields.map((k) => [k, (post as Record<string, unknown>)[k]]));
  const rel = relationsOf(post);
  const relations: Partial<Relations> = Object.fromEntries((mark.rel ?? []).map((k) => [k, rel[k]]));
  const lexical = withMark(post.lexical, held, relations, { ...(mark.create ? { create: mark.create } : {}), ...(mark.src ? { src: mark.src } : {}), ...(mark.file ? { file: mark.file } : {}) });
  try {
    const settled = await resource.update(post.id, { lexical, updated_at: post.updated_at });
    return markHolds(settled) ? settled : post;
  } catch (e) {
    // Edited in Ghost meanwhile, or refused: the post stays as Ghost holds it (seen as edited there).
    log.warn(`${post.id}: Ghost keeps some fields in its own form, and its mark could not be written again (${e instanceof Error ? e.message : String(e)}).`);
    return post;
  }
}

/**
 * Whether a failed create may still have created the post: Ghost might have processed it before
 * the answer was lost (reset, timeout, a proxy's 5xx, a cut body). A 4xx, a redirect or a refused
 * connection mean it did not.
 */
function mayHaveLanded(e: unknown): boolean {
  if (GhostApiError.is(e)) { return e.status >= 500; }
  if (RedirectError.is(e)) { return false; }
  if (NetworkError.is(e)) { return !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(e.code) && !/CERT|SSL|TLS/i.test(e.code); }
  if (UnexpectedResponseError.is(e)) { return e.status === 0 || e.status < 300 || e.status >= 500; }
  return !GhostAuthorError.is(e);
}

/** A failure whose effect is unknown, said so, with what to do. */
function inDoubt(e: unknown, doubt: string, hint: string): GhostAuthorError {
  const message = e instanceof Error ? e.message : String(e);
  return new GhostAuthorError(`${message}${/[.!?]$/.test(message) ? '' : '.'} ${doubt}`, hint);
}

/** A create sent this recently and not yet answered may still be under way. */
const IN_FLIGHT_MS = 60_000;

function inFlight(p: PendingCreate, now: number): boolean {
  const age = now - Date.parse(p.sentAt);
  // A time a little ahead of this clock (another process's, or this one set back) counts as recent.
  return age < IN_FLIGHT_MS && age > -IN_FLIGHT_MS;
}

function alreadyPushing(file: string, p: PendingCreate, now: number): GhostAuthorError {
  const age = Math.max(0, Math.round((now - Date.parse(p.sentAt)) / 1000));
  return new GhostAuthorError(`${path.basename(file)} is already being pushed: a push started ${age} s ago has not finished yet.`,
    'Wait a moment, then push again: two pushes at once could make two posts.');
}

/**
 * The post an earlier create of this file made, if Ghost holds it: the one recorded by id once
 * Ghost answered, or else the one carrying the mark that create gave it (Lexical), or holding
 * exactly what it sent (HTML), made after it was sent and linked to no file. Never a post that
 * only has the same title: that may be someone else's.
 */
async function landedCreate(ctx: PublishContext, file: string, resource: ContentResource, opts: { keepIfNone?: boolean; fields?: Partial<PostLike>; title?: string } = {}): Promise<PostLike | undefined> {
  const site = ctx.client.site.adminUrl;
  const pending = ctx.state.pendingCreate(site, file) ?? await renamedCreate(ctx, file, opts.title);
  if (!pending) { return undefined; }
  if (pending.postId) {
    const made = await readOrUndefined(() => resource.read(pending.postId ?? '', FULL));
    if (!made) { await ctx.state.clearPendingCreate(site, file); }
    return made;
  }
  const now = (ctx.now ?? Date.now)();
  if (!pending.settled && inFlight(pending, now) && !opts.keepIfNone) { throw alreadyPushing(file, pending, now); }
  // The window is as wide before the request as after: the request's time is this computer's
  // clock, `created_at` Ghost's, and the two may disagree (the mark, not the time, finds the post).
  const sentAt = Date.parse(pending.sentAt);
  const res = await resource.browse({
    filter: `created_at:>='${nqlDate(sentAt - LANDED_WINDOW_MS)}'+created_at:<='${nqlDate(sentAt + LANDED_WINDOW_MS)}'+title:${nqlString(pending.title)}`,
    order: 'created_at desc', limit: 50, ...FULL,
  });
  const linked = ctx.state.linkedIds(site);
  const free = res.items.filter((x) => !linked.has(x.id) && x.title === pending.title);
  // The post carrying this create's mark; without one (HTML), the post holding exactly what is sent.
  const marked = free.filter((x) => readMark(x.lexical)?.create === pending.uuid);
  const matches = marked.length ? marked : free.filter((x) => opts.fields && !readMark(x.lexical)?.create && matchesSent(x, opts.fields));
  if (matches.length > 1) {
    throw new GhostAuthorError(`An earlier push of ${path.basename(file)} got no answer, and Ghost now holds ${matches.length} posts titled “${pending.title}” made then with the same content (${matches.map((m) => m.id).join(', ')}).`,
      'Keep one: add its id as ghost_id (and ghost_site) to the front matter, or delete the extra ones in Ghost, then push again.');
  }
  const made = matches[0];
  if (!made && !opts.keepIfNone) {
    // Nothing landed by the time of a later push: forget the doubt so the create goes ahead.
    await ctx.state.clearPendingCreate(site, file);
  }
  return made;
}

/**
 * A create in doubt of this file made under another name: its file is gone and its title is this
 * file's (renamed before the retry). Its record moves here, so the retry finds what it made.
 */
async function renamedCreate(ctx: PublishContext, file: string, title: string | undefined): Promise<PendingCreate | undefined> {
  if (title === undefined) { return undefined; }
  const site = ctx.client.site.adminUrl;
  for (const p of ctx.state.pendingCreates(site)) {
    if (p.title !== title || p.file === ctx.state.relative(file)) { continue; }
    const gone = await fs.access(path.join(ctx.state.root, p.file)).then(() => false, () => true);
    if (!gone) { continue; }
    await ctx.state.movePendingCreate(site, p.file, file);
    return ctx.state.pendingCreate(site, file);
  }
  return undefined;
}

/** How far around the request to look for a post a lost create made. */
const LANDED_WINDOW_MS = 15 * 60_000;
const nqlDate = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const nqlString = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;


function stopIfCancelled(ctx: PublishContext): void {
  if (ctx.signal?.aborted) {
    throw new CancelledError('Cancelled: nothing more was sent to Ghost.', 'The file is unchanged; push again when ready.');
  }
}

/** Ghost refuses a post from a Contributor or Author unless it names them as its author. */
function selfAuthor(identity: Identity | undefined, payload: Payload): Partial<PostLike> {
  if (identity?.kind !== 'staff' || payload.fields.authors || !['Contributor', 'Author'].includes(identity.role)) { return {}; }
  return { authors: [{ id: identity.id } as never] };
}

async function deletedOr(p: Prepared, id: string, opts: PublishOptions, ctx: PublishContext): Promise<PublishOutcome> {
  await ctx.state.forgetPost(p.site, id);
  if (!opts.recreate) { return { ...p.base, kind: 'deleted', id }; }
  return publishFile(p.file, removeLink(p.text), ctx, { ...opts, recreate: false });
}

async function readOrUndefined(read: () => Promise<PostLike>): Promise<PostLike | undefined> {
  try {
    return await read();
  } catch (e) {
    if (GhostApiError.is(e) && e.status === 404) { return undefined; }
    throw e;
  }
}

/** Ghost gives a post to the owner when an author's email matches nobody: refuse instead. */
async function checkAuthors(client: GhostClient, emails: string[]): Promise<void> {
  let known: string[];
  try {
    known = await client.staffEmails(emails);
  } catch (e) {
    if (GhostApiError.is(e) && e.status === 403) { return; }
    throw e;
  }
  const lower = new Set(known.map((k) => k.toLowerCase()));
  const missing = emails.filter((e) => !lower.has(e.toLowerCase()));
  if (missing.length) {
    throw new GhostAuthorError(`No staff user on the site has the email ${missing.join(', ')}.`, 'Fix authors in the front matter: Ghost would silently give the post to the site owner instead.');
  }
}

/**
 * Reads a post or page (by id, or by slug) as a Markdown file linked to it. With `record`, the
 * file it is written to becomes the post's file, so that pushing it back unedited sends nothing;
 * when another file of the project already owns the post, that record is left as it is.
 */
export async function pullPost(ref: string, ctx: PublishContext, opts: { type?: 'post' | 'page'; file?: string | ((post: PostLike) => Promise<string>) }): Promise<{ text: string; post: PostLike; type: 'post' | 'page'; file?: string; note?: string }> {
  const site = ctx.client.site.adminUrl;
  const byId = /^[0-9a-f]{24}$/.test(ref);
  const tryType = async (t: 'post' | 'page') => {
    const r = ctx.client.resource(t === 'post' ? 'posts' : 'pages');
    return readOrUndefined(() => (byId ? r.read(ref, FULL) : r.readBySlug(ref, FULL)));
  };
  let type: 'post' | 'page' = opts.type ?? 'post';
  let post = await tryType(type);
  if (!post && !opts.type) {
    type = 'page';
    post = await tryType(type);
  }
  if (!post) {
    throw new GhostAuthorError(`No ${opts.type ?? 'post or page'} with the ${byId ? 'id' : 'slug'} “${ref}” on ${site}.`, 'Check the id or slug (ghost-author list shows them).');
  }
  const text = postToMarkdown(post, { type, site });
  const file = typeof opts.file === 'function' ? await opts.file(post) : opts.file;
  if (file !== undefined) { await recordSeen(ctx, file, text, post); }
  const note = post.lexical ? undefined
    : `“${post.title}” was written in Ghost's older editor and has no Lexical document: it was read from its HTML, so its cards may now be plain Markdown or HTML. Check it before pushing it back.`;
  return { text, post, type, file, note };
}

/**
 * Records that `text` (a file's new content) is what Ghost holds for `post`: after a pull, or
 * after the writer chose Ghost's version in a conflict. Pushing it unedited then sends nothing.
 * Another file that still owns the post keeps it: this file then has to choose (new post or take over).
 */
export async function recordSeen(ctx: PublishContext, file: string, text: string, post: PostLike): Promise<void> {
  await ctx.state.load();
  const site = ctx.client.site.adminUrl;
  const record = ctx.state.post(site, post.id);
  const doc = await prepareWithLinks(file, text, ctx);
  if (await otherOwner(file, post.id, record, ctx)) { return; }
  // Ghost's bookmark metadata, kept so that pushing the file back writes the same cards.
  await rememberBookmarks(ctx, site, file, bookmarkMetadata(post.lexical));
  // What a push of this text would send, found as a push finds it (local images by the URLs
  // they are known to have: a mirror pulled with its images pushes back unchanged).
  const hash = await prepare(file, text, ctx).then((p) => payloadOf(p).hash, () => {
    const known = new Map(doc.bookmarkUrls.flatMap((u) => { const m = knownBookmark(ctx, site, file, u); return m ? [[u, m] as const] : []; }));
    return buildPayload(doc, doc.meta.render ?? ctx.renderMode ?? 'lexical', new Map(), new Map(), known).hash;
  });
  await recordPost(ctx, file, doc, post, hash);
}

/**
 * A status change asked for on a post itself (the Ghost view), with no file: sent with Ghost's
 * current `updated_at`, never with an email; the record of the file that owns the post, if any,
 * learns the new status and date, so its next push neither undoes nor repeats the change.
 */
export async function changeStatus(ctx: Pick<PublishContext, 'client' | 'now'> & { state?: StateStore }, type: 'post' | 'page', id: string, status: 'draft' | 'published' | 'scheduled', publishedAt?: string): Promise<PostLike> {
  // The same reading of dates as a push: without a zone, the site's clock.
  let at: string | undefined;
  if (publishedAt) {
    const read = await readWhen(publishedAt, () => ctx.client.timezone());
    if ('error' in read) { throw new GhostAuthorError(read.error); }
    at = read.iso;
  }
  if (status === 'scheduled' && (!at || !(Date.parse(at) > (ctx.now ?? Date.now)()))) {
    throw new GhostAuthorError(`The date ${publishedAt ?? ''} is not in the future.`, 'Choose a later date.');
  }
  const resource = ctx.client.resource(type === 'page' ? 'pages' : 'posts');
  const current = await resource.read(id, { fields: ['id', 'updated_at'] });
  const post = await resource.update(id, { status, updated_at: current.updated_at, ...(at ? { published_at: at } : {}) });
  if (!ctx.state) { return post; }
  await ctx.state.load();
  const record = ctx.state.post(ctx.client.site.adminUrl, id);
  if (record) {
    // The fingerprint stays: content edited in Ghost before this change must still be seen as such.
    await ctx.state.setPost({ ...record, status: post.status, publishedAt: post.published_at ?? null, updatedAt: post.updated_at });
  }
  return post;
}
