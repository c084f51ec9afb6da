import * as path from 'node:path';
import { prepareDocument, type PreparedDocument } from '../content/document';
import { fileHash, resolveLocalImages } from '../content/images';
import { writeLink } from '../content/link';
import { postToMarkdown } from '../content/pull';
import type { RenderMode } from '../content/meta';
import type { GhostClient } from '../ghost/client';
import { ConflictError, GhostApiError, GhostAuthorError, NetworkError, RedirectError, UnexpectedResponseError } from '../ghost/errors';
import type { Identity, PostLike } from '../ghost/types';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { buildPayload, matchesSent, type Payload } from './payload';
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
  | { kind: 'created'; post: PostLike; /** The file's new text, with the link written in. */ newText: string;
    /** The post exists and is linked, but a status change asked for with it failed (see warnings). */ incomplete?: boolean }
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
  return publishText(file, text, ctx, opts, false);
}

/** `linkedHere`: the link in `text` was written by the engine itself, not yet seen in the file. */
async function publishText(file: string, text: string, ctx: PublishContext, opts: PublishOptions, linkedHere: boolean): Promise<PublishOutcome> {
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
  if (link && !linkedHere && ctx.state.pendingCreate(site, file)) {
    // The file carries its link: the record of its creation has done its job.
    await ctx.state.clearPendingCreate(site, file);
  }
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
    const landed = await landedCreate(ctx, file, resource);
    if (landed) {
      // An earlier push created the post (its answer lost, or its link not written): link it
      // instead of making a second one.
      log.warn(`${file}: the post an earlier push created (${landed.id}) is linked now; no second post was made.`);
      await recordLanded(ctx, landed, doc.meta.type, ctx.state.pendingCreate(site, file)?.hash ?? '');
      await ctx.state.settlePendingCreate(site, file, landed.id);
      const newText = writeLink(text, { id: landed.id, site });
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
    ctx.progress?.(`Creating “${doc.title}”`);
    // Email goes out only on an update that publishes, so a post to be emailed is created as a draft first.
    const createStatus = opts.newsletter ? {} : statusFields;
    // Recorded before sending: if the answer is lost, the next push looks for the post before creating another.
    await ctx.state.setPendingCreate(site, file, { type: doc.meta.type, title: doc.title, sentAt: new Date((ctx.now ?? Date.now)()).toISOString(), hash: payload.hash });
    let post: PostLike;
    try {
      post = await resource.create({ ...payload.fields, ...selfAuthor(ctx.identity, payload), status: 'draft', ...createStatus }, { source: payload.source });
    } catch (e) {
      if (!mayHaveLanded(e)) {
        await ctx.state.clearPendingCreate(site, file);
        throw e;
      }
      await ctx.state.settlePendingCreate(site, file);
      const found = await landedCreate(ctx, file, resource, { keepIfNone: true }).catch(() => undefined);
      if (!found) {
        throw inDoubt(e, 'Ghost may still have created the post.', 'Push again: it first looks for a post this push created and links it, so no second post is made.');
      }
      post = found;
    }
    await ctx.state.setPost({ site, id: post.id, type: doc.meta.type, updatedAt: post.updated_at, status: post.status, hash: payload.hash, relations: relationsAfter(payload.fields, post) });
    // Kept, with the post's id, until a push sees the link in the file: if the link never gets
    // written (an editor closed unsaved, a failed write), the next push links this post again.
    await ctx.state.settlePendingCreate(site, file, post.id);
    const newText = writeLink(text, { id: post.id, site });
    if (opts.newsletter && statusFields.status) {
      try {
        post = await resource.update(post.id, { ...statusFields, updated_at: post.updated_at }, { newsletter: opts.newsletter, emailSegment: opts.emailSegment });
        await ctx.state.setPost({ site, id: post.id, type: doc.meta.type, updatedAt: post.updated_at, status: post.status, hash: payload.hash, relations: relationsAfter(payload.fields, post) });
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

  const sent: Partial<PostLike> = { ...payload.fields, ...statusFields };
  // Tags and authors the file has not changed since the last push are not sent: Ghost keeps its
  // own, including any chosen in Ghost since (Ghost does not guard relations with updated_at).
  const recorded = splitRelations(record?.relations);
  if (recorded && sent.tags && sameNames(sent.tags.map((t) => t.name), recorded.tags)) { delete sent.tags; }
  if (recorded && sent.authors && sameNames(sent.authors.map((a) => a.email ?? ''), recorded.authors)) { delete sent.authors; }
  const adopt = async (server: PostLike, why: string): Promise<PublishOutcome> => {
    await ctx.state.setPost({ site, id: server.id, type: doc.meta.type, updatedAt: server.updated_at, status: server.status, hash: payload.hash, relations: relationsAfter(payload.fields, server) });
    log.info(`${file}: ${why}; recorded it as pushed.`);
    return { ...base, kind: 'updated', post: server };
  };
  let updatedAt = record?.updatedAt;
  if (!updatedAt) {
    // No record of the last push on this machine: Ghost's version may hold edits we never saw.
    const server = await readOrUndefined(() => resource.read(link.id, { formats: ['html', 'lexical'], include: ['tags', 'authors'] }));
    if (!server) { return deletedOr(base, link.id, opts, ctx, file, text); }
    if (matchesSent(server, sent)) { return adopt(server, 'Ghost already holds this version'); }
    if (!opts.force) {
      return { ...base, kind: 'conflict', id: link.id, server, reason: 'no-record', payload };
    }
    updatedAt = server.updated_at;
  }

  ctx.progress?.(`Updating “${doc.title}”`);
  const send = (at: string) => resource.update(link.id, { ...sent, updated_at: at }, {
    source: payload.source, newsletter: statusFields.status ? opts.newsletter : undefined, emailSegment: opts.emailSegment,
  });
  if (!opts.force && (sent.tags || sent.authors) && record?.relations !== undefined) {
    // This push changes tags or authors. Ghost would take that over tags or authors changed in
    // Ghost (Ghost 6 does not even move updated_at for them): compare before sending.
    const current = await readOrUndefined(() => resource.read(link.id, { fields: ['id', 'updated_at'], include: ['tags', 'authors'] }));
    if (!current) { return deletedOr(base, link.id, opts, ctx, file, text); }
    const seen = relationsOf(current);
    if (Date.parse(current.updated_at) !== Date.parse(updatedAt) || (seen !== undefined && seen !== record.relations)) {
      const server = await resource.read(link.id, { formats: ['html', 'lexical'], include: ['tags', 'authors'] });
      if (matchesSent(server, sent)) { return adopt(server, 'Ghost already holds this version'); }
      return { ...base, kind: 'conflict', id: link.id, server, reason: 'edited-in-ghost', payload };
    }
  }
  let post: PostLike;
  try {
    post = await send(updatedAt);
  } catch (e) {
    if (ConflictError.is(e)) {
      const server = e.server as PostLike | undefined;
      // Ghost's newer version may be this very content (an earlier push whose answer was lost).
      if (server && matchesSent(server, sent)) { return adopt(server, 'Ghost already holds this version (an earlier answer was lost)'); }
      if (!opts.force || !server) {
        return { ...base, kind: 'conflict', id: link.id, server, reason: 'edited-in-ghost', payload };
      }
      log.warn(`Overwriting the version of ${link.id} edited in Ghost at ${server.updated_at}, as asked.`);
      post = await send(server.updated_at);
    } else if (GhostApiError.is(e) && e.status === 404) {
      return deletedOr(base, link.id, opts, ctx, file, text);
    } else if (mayHaveLanded(e)) {
      // The answer was lost: if Ghost saved it, record that, so the next push is not a false conflict.
      const server = await resource.read(link.id, { formats: ['html', 'lexical'], include: ['tags', 'authors'] }).catch(() => undefined);
      if (server && server.updated_at !== updatedAt && matchesSent(server, sent)) {
        return adopt(server, 'Ghost saved the update although its answer was lost');
      }
      throw inDoubt(e, 'Ghost may still have saved the update.', 'Push again: if it did, the push sees that Ghost holds this version and sends nothing more.');
    } else {
      throw e;
    }
  }
  await ctx.state.setPost({ site, id: post.id, type: doc.meta.type, updatedAt: post.updated_at, status: post.status, hash: payload.hash, relations: relationsAfter(payload.fields, post) });
  log.info(`Updated ${doc.meta.type} ${post.id} “${doc.title}” from ${file}`);
  return { ...base, kind: 'updated', post };
}

/** The writer cancelled: nothing more is sent (uploads already made stay recorded for next time). */
export class CancelledError extends GhostAuthorError {
  static override is(e: unknown): e is CancelledError {
    return e instanceof CancelledError;
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

/** Names compared the way Ghost matches them: case aside, order aside. */
const nameList = (xs: string[]) => xs.map((v) => v.toLowerCase()).sort().join('|');
const relationKey = (tags: string[], authors: string[]) => `tags:${nameList(tags)};authors:${nameList(authors)}`;
const ghostTags = (post: PostLike) => (post.tags ?? []).map((t) => t.name);
const ghostAuthors = (post: PostLike) => (post.authors ?? []).map((a) => a.email ?? a.id);

/** A post's tags and authors in one comparable string; undefined when Ghost did not include them. */
function relationsOf(post: PostLike): string | undefined {
  return !post.tags && !post.authors ? undefined : relationKey(ghostTags(post), ghostAuthors(post));
}

/**
 * The tags and authors both sides last agreed on, for the next push to compare with: the file's
 * own where it names them (what it will keep sending), Ghost's otherwise.
 */
function relationsAfter(fields: Partial<PostLike>, post: PostLike): string | undefined {
  if (!fields.tags && !fields.authors && !post.tags && !post.authors) { return undefined; }
  return relationKey(fields.tags ? fields.tags.map((t) => t.name) : ghostTags(post), fields.authors ? fields.authors.map((a) => a.email ?? '') : ghostAuthors(post));
}

function splitRelations(r: string | undefined): { tags: string[]; authors: string[] } | undefined {
  const m = r ? /^tags:(.*);authors:(.*)$/.exec(r) : null;
  if (!m) { return undefined; }
  const list = (x: string | undefined) => (x ? x.split('|') : []);
  return { tags: list(m[1]), authors: list(m[2]) };
}

function sameNames(a: string[], b: string[]): boolean {
  return nameList(a) === nameList(b);
}

/** Records a post an earlier push created; its updated_at only if nobody has edited it since. */
async function recordLanded(ctx: PublishContext, post: PostLike, type: 'post' | 'page', hash: string): Promise<void> {
  const site = ctx.client.site.adminUrl;
  const created = (post as { created_at?: string }).created_at;
  if (created && Date.parse(created) === Date.parse(post.updated_at)) {
    await ctx.state.setPost({ site, id: post.id, type, updatedAt: post.updated_at, status: post.status, hash, relations: relationsOf(post) });
  } else {
    // Edited since it was made: no record, so the next step compares with Ghost's version first.
    await ctx.state.forgetPost(site, post.id);
  }
}

/** A failure whose effect is unknown, said so, with what to do. */
function inDoubt(e: unknown, doubt: string, hint: string): GhostAuthorError {
  const message = e instanceof Error ? e.message : String(e);
  return new GhostAuthorError(`${message}${/[.!?]$/.test(message) ? '' : '.'} ${doubt}`, hint);
}

/** How far around the request to look for a post a lost create made: covers a clock being off. */
const LANDED_WINDOW_MS = 15 * 60_000;
/** A create sent this recently and not yet answered may still be under way. */
const IN_FLIGHT_MS = 60_000;

const nqlDate = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const nqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The post an earlier create of this file made, if Ghost holds it: the one recorded by id once
 * Ghost answered, or else the post with the same title created around the time of a request
 * whose answer was lost, and linked to no other file. Several candidates are not guessed between.
 */
async function landedCreate(ctx: PublishContext, file: string, resource: ReturnType<GhostClient['resource']>, opts: { keepIfNone?: boolean } = {}): Promise<PostLike | undefined> {
  const site = ctx.client.site.adminUrl;
  const pending = ctx.state.pendingCreate(site, file);
  if (!pending) { return undefined; }
  const fields = ['id', 'title', 'slug', 'status', 'updated_at', 'url', 'created_at'];
  if (pending.postId) {
    const made = await readOrUndefined(() => resource.read(pending.postId ?? '', { fields, include: ['tags', 'authors'] }));
    if (!made) { await ctx.state.clearPendingCreate(site, file); }
    return made;
  }
  const sentAt = Date.parse(pending.sentAt);
  const age = (ctx.now ?? Date.now)() - sentAt;
  if (!pending.settled && age >= 0 && age < IN_FLIGHT_MS && !opts.keepIfNone) {
    throw new GhostAuthorError(`${path.basename(file)} is already being pushed: a request sent ${Math.round(age / 1000)} s ago has not been answered yet.`,
      'Wait a moment, then push again: two pushes at once could make two posts.');
  }
  const res = await resource.browse({
    filter: `created_at:>='${nqlDate(sentAt - LANDED_WINDOW_MS)}'+created_at:<='${nqlDate(sentAt + LANDED_WINDOW_MS)}'+title:${nqlString(pending.title)}`,
    order: 'created_at desc', limit: 50, fields, include: ['tags', 'authors'],
  });
  const linked = ctx.state.linkedIds(site);
  const matches = res.items.filter((p) => !linked.has(p.id) && p.title === pending.title);
  if (matches.length > 1) {
    throw new GhostAuthorError(`An earlier push of ${path.basename(file)} got no answer, and Ghost now holds ${matches.length} posts titled “${pending.title}” made then (${matches.map((m) => m.id).join(', ')}).`,
      'Keep one: add its id as ghost_id (and ghost_site) to the front matter, or delete the extra ones in Ghost, then push again.');
  }
  if (!matches.length && !opts.keepIfNone) {
    // Nothing landed by the time of a later push: forget the doubt so the create goes ahead.
    await ctx.state.clearPendingCreate(site, file);
  }
  return matches[0];
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
  await ctx.state.setPost({ site: ctx.client.site.adminUrl, id: post.id, type, updatedAt: post.updated_at, status: post.status, hash: payload.hash, relations: relationsAfter(payload.fields, post) });
}
