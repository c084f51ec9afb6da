import * as path from 'node:path';
import { prepareDocument, type PreparedDocument } from '../content/document';
import { fileHash, resolveLocalImages } from '../content/images';
import { writeLink } from '../content/link';
import { postToMarkdown } from '../content/pull';
import type { RenderMode } from '../content/meta';
import type { GhostClient } from '../ghost/client';
import { ConflictError, GhostApiError, GhostAuthorError } from '../ghost/errors';
import type { Identity, PostLike } from '../ghost/types';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { buildPayload, type Payload } from './payload';
import type { PostRecord, StateStore } from './state';

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
}

export interface PublishOptions {
  /** A status change, asked for explicitly. Without it the status in Ghost is left as it is. */
  status?: 'draft' | 'published' | 'scheduled';
  /** With status scheduled (or to back-date): defaults to the front matter's published_at. */
  publishedAt?: string;
  /** Send the post by email to this newsletter (slug) as it is published: cannot be undone. */
  newsletter?: string;
  emailSegment?: string;
  /** Overwrite Ghost's version even if it changed since it was last seen. */
  force?: boolean;
  /** Work out what would be sent; upload and send nothing. */
  dryRun?: boolean;
  /** Create the post again if it was deleted in Ghost. */
  recreate?: boolean;
}

interface Base {
  file: string;
  title: string;
  /** Warnings to show (unknown fields…). */
  warnings: string[];
  uploaded: number;
}

export type PublishOutcome = Base & (
  | { kind: 'created'; post: PostLike; /** The file's new text, with the link written in. */ newText: string }
  | { kind: 'updated'; post: PostLike }
  | { kind: 'unchanged'; id: string }
  /** Ghost has a version this push would overwrite; nothing was written. */
  | { kind: 'conflict'; id: string; server: PostLike | undefined; reason: 'edited-in-ghost' | 'no-record'; payload: Payload }
  | { kind: 'deleted'; id: string }
  | { kind: 'dry-run'; payload: Payload; action: 'create' | 'update' | 'none'; uploads: string[] }
);

/** The file is linked to a post on another site than the one it is being pushed to. */
export class WrongSiteError extends GhostAuthorError {}

function sameSite(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * Pushes one Markdown file to Ghost: creates the post on first push (and returns the link to
 * write into the file), updates it afterwards, and never overwrites an edit made in Ghost since
 * the post was last seen. Content unchanged since the last push sends no request at all.
 */
export async function publishFile(file: string, text: string, ctx: PublishContext, opts: PublishOptions = {}): Promise<PublishOutcome> {
  const log = ctx.logger ?? silentLogger;
  const site = ctx.client.site.adminUrl;
  const doc = prepareDocument(file, text);
  const base: Base = { file, title: doc.title, warnings: doc.warnings.map((w) => `line ${w.line}: ${w.message}`), uploaded: 0 };
  const type = doc.meta.type === 'page' ? 'pages' : 'posts';
  const resource = ctx.client.resource(type);
  const link = doc.meta.link;
  if (link && !sameSite(link.site, site)) {
    throw new WrongSiteError(`${path.basename(file)} belongs to a post on ${link.site}, not on ${site}.`, 'Switch to that site to push it, or remove ghost_id and ghost_site to publish it as a new post here.');
  }
  checkStatusRequest(opts, doc, ctx.now ?? Date.now);

  await ctx.state.load();
  const { images: local, problems } = await resolveLocalImages(doc.imageRefs, path.dirname(file));
  if (problems.length) {
    throw new GhostAuthorError(`${path.basename(file)} refers to images that cannot be uploaded: ${problems.map((p) => p.message).join(' ')}`, 'Fix the paths (relative to the Markdown file) and try again. Nothing was sent.');
  }
  const urls = new Map<string, string>();
  const pending: Array<{ ref: string; file: string; hash: string }> = [];
  for (const img of local) {
    const hash = await fileHash(img.file);
    const known = ctx.state.upload(site, hash);
    if (known) { urls.set(img.ref, known); } else { pending.push({ ...img, hash }); }
  }
  const mode = doc.meta.render ?? ctx.renderMode ?? 'html';

  if (opts.dryRun) {
    const payload = buildPayload(doc, mode, urls);
    const record = link ? ctx.state.post(site, link.id) : undefined;
    const action = !link ? 'create' : record?.hash === payload.hash && !wantsStatus(opts, record) ? 'none' : 'update';
    return { ...base, kind: 'dry-run', payload, action, uploads: pending.map((p) => p.ref) };
  }

  for (const [i, img] of pending.entries()) {
    stopIfCancelled(ctx);
    ctx.progress?.(`Uploading ${img.ref} (${i + 1}/${pending.length})`);
    const res = await ctx.client.uploadImage(img.file, { ref: img.ref });
    await ctx.state.setUpload(site, img.hash, res.url);
    urls.set(img.ref, res.url);
    base.uploaded++;
  }
  const payload = buildPayload(doc, mode, urls);
  const statusFields = statusChange(opts, doc);
  const record = link ? ctx.state.post(site, link.id) : undefined;
  if (link && record && record.hash === payload.hash && !wantsStatus(opts, record)) {
    log.debug(`${file}: unchanged since the last push; nothing sent.`);
    return { ...base, kind: 'unchanged', id: link.id };
  }
  // Checked only when something will be sent: an unchanged file costs no request at all.
  if (doc.meta.authors?.length) { await checkAuthors(ctx.client, doc.meta.authors); }
  stopIfCancelled(ctx);

  if (!link) {
    ctx.progress?.(`Creating “${doc.title}”`);
    // Email goes out only on an update that publishes, so a post to be emailed is created as a draft first.
    const createStatus = opts.newsletter ? {} : statusFields;
    let post = await resource.create({ ...payload.fields, ...selfAuthor(ctx.identity, payload), status: 'draft', ...createStatus }, { source: payload.source });
    if (opts.newsletter && statusFields.status) {
      post = await resource.update(post.id, { ...statusFields, updated_at: post.updated_at }, { newsletter: opts.newsletter, emailSegment: opts.emailSegment });
    }
    await ctx.state.setPost({ site, id: post.id, type: doc.meta.type, updatedAt: post.updated_at, status: post.status, hash: payload.hash });
    log.info(`Created ${doc.meta.type} ${post.id} “${doc.title}” from ${file}`);
    return { ...base, kind: 'created', post, newText: writeLink(text, { id: post.id, site }) };
  }

  let updatedAt = record?.updatedAt;
  if (!updatedAt) {
    // No record of the last push on this machine: Ghost's version may hold edits we never saw.
    const server = await readOrUndefined(() => resource.read(link.id, { formats: ['html', 'lexical'], include: ['tags', 'authors'] }));
    if (!server) { return deletedOr(base, link.id, opts, ctx, file, text); }
    if (!opts.force) {
      return { ...base, kind: 'conflict', id: link.id, server, reason: 'no-record', payload };
    }
    updatedAt = server.updated_at;
  }

  ctx.progress?.(`Updating “${doc.title}”`);
  const send = (at: string) => resource.update(link.id, { ...payload.fields, ...statusFields, updated_at: at }, {
    source: payload.source, newsletter: statusFields.status ? opts.newsletter : undefined, emailSegment: opts.emailSegment,
  });
  let post: PostLike;
  try {
    post = await send(updatedAt);
  } catch (e) {
    if (ConflictError.is(e)) {
      const server = e.server as PostLike | undefined;
      if (!opts.force || !server) {
        return { ...base, kind: 'conflict', id: link.id, server, reason: 'edited-in-ghost', payload };
      }
      log.warn(`Overwriting the version of ${link.id} edited in Ghost at ${server.updated_at}, as asked.`);
      post = await send(server.updated_at);
    } else if (GhostApiError.is(e) && e.status === 404) {
      return deletedOr(base, link.id, opts, ctx, file, text);
    } else {
      throw e;
    }
  }
  await ctx.state.setPost({ site, id: post.id, type: doc.meta.type, updatedAt: post.updated_at, status: post.status, hash: payload.hash });
  log.info(`Updated ${doc.meta.type} ${post.id} “${doc.title}” from ${file}`);
  return { ...base, kind: 'updated', post };
}

/** The writer cancelled: nothing more is sent (uploads already made stay recorded for next time). */
export class CancelledError extends GhostAuthorError {
  static override is(e: unknown): e is CancelledError {
    return e instanceof CancelledError;
  }
}

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

function wantsStatus(opts: PublishOptions, record: PostRecord | undefined): boolean {
  return !!opts.status && opts.status !== record?.status;
}

async function deletedOr(base: Base, id: string, opts: PublishOptions, ctx: PublishContext, file: string, text: string): Promise<PublishOutcome> {
  await ctx.state.forgetPost(ctx.client.site.adminUrl, id);
  if (!opts.recreate) { return { ...base, kind: 'deleted', id }; }
  const unlinked = text.replace(/^ghost_id[ \t]*:.*\r?\n/m, '').replace(/^ghost_site[ \t]*:.*\r?\n/m, '');
  return publishFile(file, unlinked, ctx, { ...opts, recreate: false });
}

async function readOrUndefined(read: () => Promise<PostLike>): Promise<PostLike | undefined> {
  try {
    return await read();
  } catch (e) {
    if (GhostApiError.is(e) && e.status === 404) { return undefined; }
    throw e;
  }
}

function checkStatusRequest(opts: PublishOptions, doc: PreparedDocument, now: () => number): void {
  if (opts.newsletter && opts.status !== 'published' && opts.status !== 'scheduled') {
    throw new GhostAuthorError('A newsletter is only sent when the post is published or scheduled.', 'Ask to publish (or schedule) together with the newsletter.');
  }
  if (opts.status === 'scheduled') {
    const at = opts.publishedAt ?? doc.meta.publishedAt;
    if (!at) {
      throw new GhostAuthorError('Scheduling needs a date: published_at in the front matter, or a date given with the command.');
    }
    if (Date.parse(at) <= now()) {
      throw new GhostAuthorError(`The scheduled date ${at} is not in the future.`, 'Choose a later date.');
    }
  }
}

function statusChange(opts: PublishOptions, doc: PreparedDocument): Partial<PostLike> {
  if (!opts.status) { return {}; }
  const at = opts.publishedAt ?? doc.meta.publishedAt;
  if (opts.status === 'scheduled') { return { status: 'scheduled', published_at: at }; }
  if (opts.status === 'published') { return at ? { status: 'published', published_at: at } : { status: 'published' }; }
  return { status: 'draft' };
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
 * Reads a post or page (by id, or by slug) as a Markdown file linked to it, and records it as
 * seen, so that pushing the file back unedited sends nothing.
 */
export async function pullPost(ref: string, ctx: PublishContext, opts: { type?: 'post' | 'page'; file: string | ((post: PostLike) => Promise<string>) }): Promise<{ text: string; post: PostLike; type: 'post' | 'page'; file: string }> {
  const site = ctx.client.site.adminUrl;
  const params = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };
  const byId = /^[0-9a-f]{24}$/.test(ref);
  const tryType = async (t: 'post' | 'page') => {
    const r = ctx.client.resource(t === 'post' ? 'posts' : 'pages');
    return readOrUndefined(() => (byId ? r.read(ref, params) : r.readBySlug(ref, params)));
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
  const file = typeof opts.file === 'string' ? opts.file : await opts.file(post);
  await recordSeen(ctx, file, text, post, type);
  return { text, post, type, file };
}

/**
 * Records that `text` (a file's new content) is what Ghost holds for `post`: after a pull, or
 * after the writer chose Ghost's version in a conflict. Pushing it unedited then sends nothing.
 */
export async function recordSeen(ctx: PublishContext, file: string, text: string, post: PostLike, type: 'post' | 'page'): Promise<void> {
  await ctx.state.load();
  const doc = prepareDocument(file, text);
  const payload = buildPayload(doc, doc.meta.render ?? ctx.renderMode ?? 'html', new Map());
  await ctx.state.setPost({ site: ctx.client.site.adminUrl, id: post.id, type, updatedAt: post.updated_at, status: post.status, hash: payload.hash });
}
