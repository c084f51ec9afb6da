/**
 * Applying a push, once the plan says to send: the checks made just before a write (authors,
 * tiers), uploads and bookmark lookups, the one create or update (a create whose answer was lost
 * is found again, never made twice), the mark's settling, and the records of what Ghost answered
 * (recordPost); also a status change made on a post itself (changeStatus). It takes its decisions
 * from plan.ts and works on what prepare.ts read: it never reads the pushed file again.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { PreparedDocument } from '../content/document';
import { removeLink, writeLink, type PostLink } from '../content/link';
import { EMBED_PROVIDERS, plainBookmark } from '../content/lexical';
import type { LinkCard } from '../content/render';
import type { ContentResource, GhostClient } from '../ghost/client';
import { ConflictError, GhostApiError, GhostAuthorError, NetworkError, RedirectError, UnexpectedResponseError } from '../ghost/errors';
import type { Identity, PostLike } from '../ghost/types';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { ghostFingerprint, markHolds, sameVersion, readMark, nameList, relationsOf, withMark, type Mark, type Relations } from './fingerprint';
import { buildPayload, holdsSame, matchesSent, pulledImageUrls, type Payload } from './payload';
import type { PendingCreate, PostRecord, StateStore } from './state';
import { lastIntent, someVersion } from './history';
import { intentOf, ownerOf, planRelations, planUpdate, statusIntent, type Want } from './plan';
import { claimantsUnder, goneOf, identityOf, stillThere, vacatedSince, type PushedFrom } from './owner';
import { readWhen } from '../dates';
import type { EmailSend } from '../ghost/emailSend';
import { payloadOf, pendingCount, pendingOf, rememberBookmarks, srcOf, urlsOf, type Prepared } from './prepare';
import { publishFile, publishText, type PublishContext, type PublishOptions, type PublishOutcome } from './engine';

/** The writer cancelled: nothing more is sent (uploads already made stay recorded for next time). */
export class CancelledError extends GhostAuthorError {
  static override is(e: unknown): e is CancelledError {
    return e instanceof CancelledError;
  }
}

/** The tiers a file names, as Ghost's ids; an unknown name stops the push before anything is sent. */
export async function resolveTiers(ctx: PublishContext, names: readonly string[]): Promise<Array<{ id: string }>> {
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
 * With Ghost's version read: the file that owns the post when it is not this one (or, when no
 * file can show it is the one last pushed, every file naming it). Undefined when this file owns it.
 */
async function ownerAfterRead(ctx: PublishContext, p: Prepared, id: string, record: PostRecord | undefined, current: PostLike): Promise<{ owner?: string; ambiguous: string[] } | undefined> {
  const here = ctx.state.relative(p.file);
  const mark = readMark(current.lexical);
  const byMark = { id, src: mark?.src, gone: mark?.gone };
  // The mark names this file, this clone knows no other as the one pushed, and git saw no vacate since.
  if (mark?.file === here && !(record?.file === here && record.ino && await identityOf(p.file) !== record.ino)
    && !(await vacatedSince(ctx, p.file, byMark, p.text))) { return undefined; }
  const found = (await claimantsUnder(ctx.state.root)).get(id) ?? [];
  const claimants = [...found.filter((c) => c.file !== here), { file: here, src: p.src }];
  // The record and the mark name a path: each counts only while the file there is the one pushed from it.
  const holds = async (file: string | undefined, pushed: PushedFrom) => !!file && claimants.some((c) => c.file === file)
    && stillThere(ctx, path.join(ctx.state.root, file), pushed, {
      record: record?.file === file ? record : undefined, text: file === here ? p.text : undefined,
      others: claimants.filter((c) => c.file !== file).map((c) => path.join(ctx.state.root, c.file)),
    });
  const recorded = await holds(record?.file, { id, gone: record?.gone }) ? record?.file : undefined;
  const marked = await holds(mark?.file, byMark) ? mark : undefined;
  const decided = ownerOf({ claimants, recorded, marked });
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

/**
 * The one function that records a push or a pull: what the file said, and what Ghost holds; and
 * which file it was: how many times its path had been vacated then (`gone`, counted now when not
 * given), and its identity on this computer.
 */
export async function recordPost(ctx: PublishContext, file: string, doc: PreparedDocument, post: PostLike, hash: string, gone?: number): Promise<void> {
  const count = gone ?? await goneOf(ctx, file);
  const ino = await identityOf(file);
  await ctx.state.setPost({
    site: ctx.client.site.adminUrl, id: post.id, type: doc.meta.type, file: ctx.state.relative(file),
    updatedAt: post.updated_at, status: post.status, publishedAt: post.published_at ?? null, ...(post.url ? { url: post.url } : {}),
    hash, ghost: ghostFingerprint(post), intent: intentOf(doc), relations: agreedRelations(doc, post), fileRelations: fileRelations(doc),
    ...(count !== undefined ? { gone: count } : {}), ...(ino ? { ino } : {}),
  });
}

/** The file's identity in its record once its link is written (the CLI writes a new file in its place). */
async function keepIdentity(ctx: PublishContext, file: string, id: string): Promise<void> {
  const record = ctx.state.post(ctx.client.site.adminUrl, id);
  const ino = await identityOf(file);
  if (record && ino && record.ino !== ino && record.file === ctx.state.relative(file)) { await ctx.state.setPost({ ...record, ino }); }
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
export const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors', 'tiers'] };

export async function create(p: Prepared, want: Want, opts: PublishOptions, ctx: PublishContext, send?: EmailSend): Promise<PublishOutcome> {
  const log = ctx.logger ?? silentLogger;
  const { site, file, base, doc } = p;
  const resource = resourceOf(ctx, p);
  const earlier = await landedCreate(ctx, file, resource, { fields: payloadOf(p).fields, title: doc.title, asNew: opts.ownership === 'new' });
  const fromMark = earlier || opts.ownership === 'new' ? undefined : await markedForThisFile(ctx, p, resource);
  const landed = earlier?.post ?? fromMark;
  if (landed) {
    // An earlier push created the post (its answer lost, or its link not written): link it
    // instead of making a second one, then push this version onto it.
    log.warn(`${file}: the post an earlier push created (${landed.id}) is linked now; no second post was made.`);
    const newText = writeLink(p.text, { id: landed.id, site });
    // Nothing vouches for this file yet: it may have changed since (or be another file of the
    // same name), so this push and the next compare with Ghost's version and ask when they differ.
    // Found by the mark of the create this file's push sent (this clone's record of it, its answer
    // lost before any file got the link; or, in a clean clone, this file's history), untouched in
    // Ghost since: it vouches for itself, with what the file said then, and this push sends the
    // file's edits since.
    const mark = (fromMark || earlier?.ownMark) && markHolds(landed) ? readMark(landed.lexical) : undefined;
    await ctx.state.setPost({ site, id: landed.id, type: doc.meta.type, file: ctx.state.relative(file), updatedAt: landed.updated_at, hash: '', ghost: mark ? ghostFingerprint(landed) : UNVERIFIED, ...(mark ? markedRecord(mark, landed) : {}) });
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
  // A create under way blocks; one that ended meanwhile (another process, whose record this one
  // had not read yet) is looked at again: the post it made is linked rather than made twice.
  const blocker = await ctx.state.claimCreate(site, file, claim(''), (x) => !!x.settled || inFlight(x, clock()));
  if (blocker && !blocker.settled) { throw alreadyPushing(file, blocker, clock()); }
  if (blocker) { return create(p, want, opts, ctx, send); }
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
  const gone = await goneOf(ctx, file);
  const body = payload.fields.lexical ? { lexical: withMark(payload.fields.lexical, payload.fields, { tags: mine.tags, authors: mine.authors }, { create: marker, src: p.src, file: ctx.state.relative(file), intent: markIntent(doc), ...(gone !== undefined ? { gone } : {}) }) } : {};
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
    post = found.post;
  }
  post = await settleMark(resource, post, log);
  await recordPost(ctx, file, doc, post, payload.hash, gone);
  // Kept, with the post's id, until a push sees the link in the file: if the link never gets
  // written (an editor closed unsaved, a failed write), the next push links this post again.
  await ctx.state.settlePendingCreate(site, file, post.id);
  const newText = writeLink(p.text, { id: post.id, site });
  await ctx.writeLink?.(file, newText);
  await keepIdentity(ctx, file, post.id);
  if (send && fields.status) {
    try {
      post = await resource.update(post.id, { ...fields, updated_at: post.updated_at }, { send });
      await recordPost(ctx, file, doc, post, payload.hash, gone);
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
    return await someVersion(ctx.history, p.file, p.doc.defaults, (d) => srcOf(d) === src) || historyShows(current, p, ctx);
  }
  if (record.ghost === UNVERIFIED) { return false; }
  const asRecorded = record.ghost ? sameVersion(current, record.ghost) : Date.parse(current.updated_at) === Date.parse(record.updatedAt);
  // Changed since this clone's record, but to a version this file's own history holds (pushed
  // from another clone): no edit made elsewhere is in it.
  return asRecorded || (!p.linkedHere && historyShows(current, p, ctx));
}

/** Whether a committed version of the file would send what Ghost holds now. */
function historyShows(current: PostLike, p: Prepared, ctx: PublishContext): Promise<boolean> {
  return someVersion(ctx.history, p.file, p.doc.defaults, (d) => shows(current, p, d));
}

const shows = (current: PostLike, p: Prepared, d: PreparedDocument) => holdsSame(current, buildPayload(d, d.meta.render ?? p.mode, new Map([...pulledImageUrls(d, p.file, current, p.site), ...urlsOf(p)])).fields, p.site, d.split.body);

export async function update(p: Prepared, link: PostLink, record: PostRecord | undefined, want: Want, opts: PublishOptions, ctx: PublishContext, email?: EmailSend): Promise<PublishOutcome> {
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
  // How many times this file's path has been vacated: kept with this push (record and mark).
  const gone = await goneOf(ctx, file);
  const adopt = async (server: PostLike, why: string): Promise<PublishOutcome> => {
    await recordPost(ctx, file, doc, server, known.hash, gone);
    log.info(`${file}: ${why}; recorded it as pushed.`);
    return { ...base, kind: 'updated', post: server };
  };
  // The one owner rule, when this clone's record does not settle it (no record: a fresh clone, CI;
  // the recorded file is gone; or the record names this path, but this may be another file than
  // the one pushed from it: the path was vacated in git since, or this is not the file recorded,
  // which may have moved, a copy written back where it was): another file naming the post may be
  // its owner, and this a copy.
  const recordedHere = !!record && (record.file === undefined || record.file === ctx.state.relative(file));
  const another = recordedHere && !p.linkedHere && ((!!record?.ino && await identityOf(file) !== record.ino)
    || (!!gone && await vacatedSince(ctx, file, { id: link.id, gone: record?.gone }, p.text)));
  if (opts.ownership !== 'take-over' && (!recordedHere || another)) {
    const who = await ownerAfterRead(ctx, p, link.id, record, current);
    if (who) {
      if (opts.ownership === 'new') { return publishFile(file, removeLink(p.text), ctx, { ...opts, ownership: undefined, recreate: false }); }
      return { ...base, kind: 'owned-elsewhere', id: link.id, owner: who.owner ?? who.ambiguous.filter((f) => f !== ctx.state.relative(file)).join(', '), ...(who.owner ? {} : { ambiguous: who.ambiguous }) };
    }
  }
  const conflict = (server: PostLike | undefined): PublishOutcome => ({ ...base, kind: 'conflict', id: link.id, server, reason: record && record.ghost !== UNVERIFIED ? 'edited-in-ghost' : 'no-record', payload: known });
  if (!record) {
    // No record here (a clean clone, CI): the status and date the file said at the last push (in
    // its mark) or pull (in its history), so a change of them committed since is acted on as with
    // a record, and a status changed in Ghost since is not undone.
    const last = await lastIntent(current, { path: p.file, src: p.src, defaults: p.doc.defaults }, ctx.history, (d) => shows(current, p, d));
    if (last) { want = statusIntent(p, last, opts, ctx); }
  }
  const fields = await statusFields(p, want, opts, ctx);
  const when = (v: string | null | undefined) => (v ? Date.parse(v) : null);
  // A date the file changed, over one changed in Ghost since, is a conflict; a date the writer
  // chose in this very command (Schedule…, --status with a date) is their answer to that.
  const asked = opts.status !== undefined || opts.publishedAt !== undefined;
  // (Ghost holding the very date the file says is no difference: pushed from another clone of it.)
  const dateEdited = !asked && fields.published_at !== undefined && record?.publishedAt !== undefined
    && when(current.published_at) !== when(record.publishedAt) && when(current.published_at) !== when(fields.published_at);
  const relations = planRelations(fileRelations(doc), relationsOf(current), record);
  // Tags (or authors) changed in Ghost since this clone's record, to what a committed version of
  // this very file names: pushed from another clone (CI), not edited in Ghost.
  if (relations.conflict && record && !p.linkedHere) {
    const theirs = relationsOf(current);
    const mine = fileRelations(doc);
    const shown = await someVersion(ctx.history, p.file, doc.defaults, (d) => {
      const r = fileRelations(d);
      return (['tags', 'authors'] as const).every((k) => mine[k] === undefined || record.relations?.[k] === theirs[k] || r[k] === theirs[k]);
    });
    if (shown) { relations.conflict = false; }
  }
  const step = planUpdate({
    // Ghost already holds exactly this (pushed from another clone, or an answer that was lost): recorded, nothing written.
    sameAsGhost: !pendingCount(p) && holdsSame(current, { ...known.fields, ...fields }, p.site, p.doc.split.body),
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
    sent.lexical = withMark(sent.lexical, sent, after, { src: p.src, file: ctx.state.relative(file), intent: markIntent(doc), ...(gone !== undefined ? { gone } : {}) });
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
  await recordPost(ctx, file, doc, post, payload.hash, gone);
  log.info(`Updated ${doc.meta.type} ${post.id} “${doc.title}” from ${file}`);
  return { ...base, kind: 'updated', post };
}

/** The file's status and date as the mark keeps them (only what the file says). */
function markIntent(doc: PreparedDocument): { status?: string; publishedAt?: string } {
  const i = intentOf(doc);
  return { ...(i.status ? { status: i.status } : {}), ...(i.publishedAt ? { publishedAt: i.publishedAt } : {}) };
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
  const lexical = withMark(post.lexical, held, relations, { ...(mark.create ? { create: mark.create } : {}), ...(mark.src ? { src: mark.src } : {}), ...(mark.file ? { file: mark.file } : {}), ...(mark.intent ? { intent: mark.intent } : {}), ...(mark.gone !== undefined ? { gone: mark.gone } : {}) });
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
async function landedCreate(ctx: PublishContext, file: string, resource: ContentResource, opts: { keepIfNone?: boolean; fields?: Partial<PostLike>; title?: string; asNew?: boolean } = {}): Promise<Landed | undefined> {
  const site = ctx.client.site.adminUrl;
  const pending = ctx.state.pendingCreate(site, file) ?? await renamedCreate(ctx, file, opts.title);
  if (!pending) { return undefined; }
  if (pending.postId) {
    // A post another file now owns (this one was moved there, and a new file took its old name)
    // is not this file's to link.
    const others = ((await claimantsUnder(ctx.state.root)).get(pending.postId) ?? []).filter((c) => c.file !== ctx.state.relative(file));
    if (others.length) {
      await ctx.state.clearPendingCreate(site, file);
      return undefined;
    }
    const made = await readOrUndefined(() => resource.read(pending.postId ?? '', FULL));
    if (!made) { await ctx.state.clearPendingCreate(site, file); }
    // Its answer came: the link may have reached a file since gone (another file of this name now).
    return made && { post: made, ownMark: false };
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
  // The post this very create made, though another file links it since (pulled into it, say):
  // not made a second time, and not taken from that file either: the writer chooses.
  const taken = res.items.find((x) => linked.has(x.id) && readMark(x.lexical)?.create === pending.uuid);
  const holder = taken ? ctx.state.post(site, taken.id)?.file : undefined;
  if (taken && holder && holder !== ctx.state.relative(file)) {
    if (opts.asNew) {
      await ctx.state.clearPendingCreate(site, file);
      return undefined;
    }
    throw new GhostAuthorError(`An earlier push of ${path.basename(file)} made post ${taken.id}, which ${holder} now links. Nothing was sent.`,
      `Keep one file for it: delete or rename one of them, or publish ${path.basename(file)} with --as-new to make it a post of its own.`);
  }
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
  return made && { post: made, ownMark: marked.length > 0 };
}

/** The post an earlier create made; `ownMark` when found by that very request's mark, its answer never seen. */
interface Landed { post: PostLike; ownMark: boolean }

/**
 * What a record of the push that left `mark` holds, Ghost's version being still that push's: the
 * file's status and date then, and the tags and authors it named, as Ghost holds them.
 */
function markedRecord(mark: Mark, post: PostLike): Pick<PostRecord, 'intent' | 'relations' | 'fileRelations'> {
  const theirs = relationsOf(post);
  const named = Object.fromEntries((mark.rel ?? []).map((k) => [k, theirs[k]]));
  return { ...(mark.intent ? { intent: mark.intent } : {}), relations: theirs, fileRelations: named };
}

/**
 * The post a create of this very file made elsewhere and never linked: its answer was lost in a
 * clone that is gone (a CI run, a discarded checkout), so no record here knows of it. Found by
 * its mark only: made by a create, naming this file's path, with this file's title, sent from
 * this file as it is or as its history holds it, and claimed by no file of the project. Without
 * all of that (a post someone else made, a file since changed beyond its history) a new post is
 * made as before.
 */
async function markedForThisFile(ctx: PublishContext, p: Prepared, resource: ContentResource): Promise<PostLike | undefined> {
  const title = p.doc.title;
  if (!title || p.mode !== 'lexical') { return undefined; }
  const here = ctx.state.relative(p.file);
  // A look that fails (Ghost busy, a role that may not list) stops nothing: the create goes ahead as before.
  const res = await resource.browse({ filter: `title:${nqlString(title)}`, order: 'created_at desc', limit: 50, ...FULL }).catch(() => undefined);
  if (!res) { return undefined; }
  const linked = ctx.state.linkedIds(p.site);
  // Made from this path, or from a path no file holds any more (this file renamed since: its
  // history, which follows renames, must then hold what was sent).
  const gone = async (file: string) => fs.lstat(path.join(ctx.state.root, file)).then(() => false, () => true);
  const named: PostLike[] = [];
  for (const x of res.items) {
    const mark = readMark(x.lexical);
    if (x.title !== title || linked.has(x.id) || !mark?.create || !mark.src || !mark.file) { continue; }
    if (mark.file === here || (ctx.history && await gone(mark.file))) { named.push(x); }
  }
  if (!named.length) { return undefined; }
  const claims = await claimantsUnder(ctx.state.root);
  const mine: PostLike[] = [];
  for (const x of named) {
    if (claims.get(x.id)?.length) { continue; }
    const mark = readMark(x.lexical);
    const src = mark?.src;
    const same = src === p.src && mark?.file === here;
    if (same || await someVersion(ctx.history, p.file, p.doc.defaults, (d) => srcOf(d) === src)) { mine.push(x); }
  }
  if (mine.length > 1) {
    throw new GhostAuthorError(`Ghost holds ${mine.length} posts titled “${title}” made from ${here} and linked to no file (${mine.map((m) => m.id).join(', ')}): earlier pushes whose answers were lost.`,
      'Keep one: add its id as ghost_id (and ghost_site) to the front matter, or delete the extra ones in Ghost, then push again.');
  }
  return mine[0];
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

export function stopIfCancelled(ctx: PublishContext): void {
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

export async function readOrUndefined(read: () => Promise<PostLike>): Promise<PostLike | undefined> {
  try {
    return await read();
  } catch (e) {
    if (GhostApiError.is(e) && e.status === 404) { return undefined; }
    throw e;
  }
}

const staffOf = new WeakMap<GhostClient, Promise<Array<{ slug: string; name: string; email: string }>>>();

/**
 * Authors named as Jekyll and Hugo name them (`author: jane`, a slug or a name): the staff user of
 * that slug or name, as its email (what Ghost takes). Known from this clone's records, else asked
 * once a run; a name that is nobody on the site is reported and not sent.
 */
export async function resolveAuthorNames(p: Prepared, ctx: PublishContext): Promise<void> {
  const names = p.doc.meta.authorNames;
  if (!names?.length || p.doc.meta.authors) { return; }
  const key = (n: string) => `author ${n.trim().toLowerCase()}`;
  const found = new Map(names.map((n) => [n, ctx.state.upload(p.site, key(n))]));
  if ([...found.values()].some((v) => !v)) {
    if (ctx.offline) { return; }
    let staff = staffOf.get(ctx.client);
    if (!staff) { staff = ctx.client.staffUsers(); staffOf.set(ctx.client, staff); }
    const users = await staff.catch((e: unknown) => {
      staffOf.delete(ctx.client);
      if (GhostApiError.is(e) && e.status === 403) { return []; }
      throw e;
    });
    for (const n of names) {
      if (found.get(n)) { continue; }
      const want = n.trim().toLowerCase();
      const user = users.find((u) => u.slug.toLowerCase() === want) ?? users.find((u) => u.name.trim().toLowerCase() === want);
      if (user) { found.set(n, user.email); await ctx.state.setUpload(p.site, key(n), user.email); }
    }
  }
  const missing = names.filter((n) => !found.get(n));
  if (missing.length) {
    p.base.warnings.push(`author ${missing.join(', ')}: no staff user of the site has that slug or name, so the post's author is not set from it (write authors: [their email]).`);
    return;
  }
  p.doc.meta.authors = names.map((n) => found.get(n) as string);
}

/** Ghost gives a post to the owner when an author's email matches nobody: refuse instead. */
export async function checkAuthors(client: GhostClient, emails: string[]): Promise<void> {
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
