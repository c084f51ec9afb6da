/**
 * A folder is a site: every Markdown file under it and every post and page of the site, each in
 * one state, from one list request per 100 posts (and reads only where a decision needs a post's
 * content); and a sync that pushes what changed here, leaving everything else as it is.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument, SkippedFileError, type PreparedDocument } from '../content/document';
import { splitFrontMatter } from '../content/frontMatter';
import { downloadImage } from '../ghost/download';
import { errorMessage } from '../ghost/errors';
import { isLive, type PostLike } from '../ghost/types';
import { silentLogger } from '../log';
import { postToMarkdown } from '../content/pull';
import { readLink } from '../content/link';
import { writeFileAtomic } from '../fsutil';
import { confine, ConfinementError, isInside, readConfined, safeFileName, safeRelativePath } from '../confine';
import { markdownText } from '../printable';
import { publishFile, pulledImageKey, recordSeen, type PublishContext, type PublishOutcome } from './engine';
import { markHolds, readMark, sameVersion, sourceHash } from './fingerprint';
import { markdownFiles } from './markdownFiles';
import { stillThere } from './owner';
import { lastIntent, someVersion } from './history';
import { buildPayload, holdsSame, pulledImageUrls } from './payload';
import { ownerOf, type Ownership } from './plan';
import { folderDefaults, ignored, type FolderDefaults } from './folderConfig';
import { readTemplates } from '../content/templates';

export type EntryState =
  | 'new' | 'in-sync' | 'changed-here' | 'changed-in-ghost' | 'conflict'
  | 'deleted-in-ghost' | 'only-in-ghost' | 'owned-elsewhere' | 'invalid' | 'skipped';

export const STATE_LABELS: Readonly<Record<EntryState, string>> = {
  'new': 'new (not published)',
  'in-sync': 'in sync',
  'changed-here': 'changed here',
  'changed-in-ghost': 'changed in Ghost',
  'conflict': 'changed on both sides',
  'deleted-in-ghost': 'deleted in Ghost',
  'only-in-ghost': 'only in Ghost (not pulled)',
  'owned-elsewhere': 'a copy of another file',
  'invalid': 'cannot be read',
  'skipped': 'not a post (skipped)',
};

export interface StatusEntry {
  state: EntryState;
  /** The file, relative to the folder (`/` separators); absent for a post only in Ghost. */
  file?: string;
  id?: string;
  type: 'post' | 'page';
  title: string;
  slug?: string;
  /** Ghost's status of the post (draft, published…). */
  status?: string;
  /** Why, in words: what differs, or what is wrong. */
  why: string;
  /** Local images and files a push would upload first. */
  uploads?: string[];
  /** The status a push would set, when it publishes or schedules (`published`, `scheduled 2026-…`). */
  publishes?: string;
  /** The code injection a push would send (`codeinjection_head`, `codeinjection_foot`): HTML run on the site. */
  codeInjection?: string[];
  /** Front matter keys of other tools read as Ghost's (`date → published_at`), and those not sent. */
  imported?: string[];
  ignored?: string[];
  /** Template syntax left out of the post (kept in the file), as `file:line construct`. */
  leftOut?: string[];
}

export interface FolderStatus {
  entries: StatusEntry[];
  /** Published posts' addresses by id, as listed: give them to a sync (`published`) so links resolve alike. */
  published?: ReadonlyMap<string, string>;
  /** Requests and bytes this status cost. */
  requests: number;
  bytesReceived: number;
  /** Markdown files left out for having no front matter (a README, a loose note): counted, not posts. */
  withoutFrontMatter?: string[];
}

export { markdownFiles };

/** The fields a list needs to place every post (the content is read only where it must be). */
const LIST_FIELDS = ['id', 'uuid', 'title', 'slug', 'status', 'updated_at', 'published_at', 'url'];
const CONTENT = { formats: ['lexical'], include: ['tags', 'authors'] };
const IDS_PER_READ = 50;

interface LocalFile {
  abs: string;
  rel: string;
  text: string;
  title: string;
  type: 'post' | 'page';
  id?: string;
  src?: string;
  /** What a push would do, worked out offline. */
  local?: PublishOutcome;
  imported?: string[];
  ignored?: string[];
  leftOut?: string[];
  /** Its folder's defaults (ghost-author.yml). */
  defaults?: Record<string, unknown>;
  /** Status and date as the file says them now (what a push acts on when they change). */
  intent?: { status?: string; publishedAt?: string };
  /** Code injection keys its front matter sets (not empty). */
  injects?: string[];
  error?: string;
  /** Why the file is no post (a Hugo section), when it is not. */
  skipped?: string;
}

function statsOf(ctx: PublishContext): { requests: number; bytesReceived: number } {
  const http = (ctx.client as unknown as { http?: { stats?: { requests: number; bytesReceived: number } } }).http;
  return { requests: http?.stats?.requests ?? 0, bytesReceived: http?.stats?.bytesReceived ?? 0 };
}

/**
 * Each Markdown file under `dir` with front matter and each post and page of the site, in one state. Files are
 * worked out offline (as a dry-run push would); Ghost is listed a page of 100 at a time, and a
 * post's content is read (50 to a request) only when the list cannot settle it: its `updated_at`
 * moved since the last push, the file was edited here, or there is no record of that push here
 * (a fresh clone, CI).
 */
export async function folderStatus(dir: string, ctx: PublishContext): Promise<FolderStatus> {
  const before = statsOf(ctx);
  // Under the project's root, checked from it; a folder kept apart from its records (a caller's
  // choice, never the CLI's: it refuses a folder outside the project) is checked itself.
  const root = await confineFolder(dir, isInside(ctx.state.root, dir) ? ctx.state.root : path.dirname(path.resolve(dir)));
  // Ghost's side: every post and page, only the fields that place them.
  const ghost = new Map<string, PostLike & { type: 'post' | 'page' }>();
  for (const type of ['posts', 'pages'] as const) {
    // In id order: a post edited while the pages are read does not move to another page.
    for await (const p of ctx.client.resource(type).all({ fields: LIST_FIELDS, order: 'id asc' })) {
      ghost.set(p.id, { ...p, type: type === 'posts' ? 'post' : 'page' });
    }
  }
  // Where each published post is: `[[Note]]` links resolve to these.
  const published = new Map([...ghost.values()].filter((p) => isLive(p.status) && p.url).map((p) => [p.id, p.url as string]));
  const local = { ...ctx, published, logger: silentLogger };
  const files: LocalFile[] = [];
  const bare: string[] = [];
  const configs = new Map<string, Promise<Record<string, unknown> | undefined>>();
  for (const abs of await markdownFiles(root)) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    let text: string;
    try {
      // Under the rule, opened without following a link: one put in the file's place since the walk is refused.
      text = (await readConfined(abs, { root, label: rel, rootName: `the folder (${root})` })).toString('utf8');
    } catch (e) {
      files.push({ abs, rel, text: '', title: path.basename(abs), type: 'post', error: errorMessage(e) });
      continue;
    }
    // A file is part of the site when it has front matter (a README or a loose note is not), and
    // no folder configuration (ghost-author.yml) leaves it out.
    if (splitFrontMatter(text).yaml === undefined) { bare.push(ctx.state.relative(abs)); continue; }
    let defaults: FolderDefaults;
    try {
      defaults = await folderDefaults(abs, ctx.state.root, configs);
    } catch (e) {
      files.push({ abs, rel, text, title: path.basename(abs), type: 'post', error: errorMessage(e) });
      continue;
    }
    if (ignored(abs, defaults)) { continue; }
    const f: LocalFile = { abs, rel, text, title: path.basename(abs), type: 'post' };
    try {
      f.defaults = Object.keys(defaults.values).length ? defaults.values : undefined;
      const templates = await readTemplates(abs, text, ctx.state.root, defaults.templates);
      const doc = prepareDocument(abs, text, { defaults: f.defaults, templates });
      const own = ctx.state.relative(abs);
      if (templates?.leftOut.length) { f.leftOut = templates.leftOut.map((n) => `${n.postLine === undefined ? `${n.file}:${n.line}` : `${own}:${n.postLine} (${n.file}:${n.line})`} ${n.construct}`); }
      f.title = doc.title;
      f.type = doc.meta.type;
      f.id = doc.meta.link?.id;
      f.src = sourceHash(doc.data, doc.split.body);
      f.intent = { status: doc.meta.status, publishedAt: doc.meta.publishedAtLocal ?? doc.meta.publishedAt };
      if (doc.meta.imported.length) { f.imported = doc.meta.imported.map((i) => `${i.key} → ${i.as}`); }
      if (doc.meta.ignored.length) { f.ignored = [...doc.meta.ignored]; }
      // As the push would send it (a number or a date is sent as its text), not only strings.
      const injects = INJECTION_KEYS.filter((k) => String(doc.meta.fields[k] ?? doc.data[k] ?? '').trim() !== '');
      if (injects.length) { f.injects = injects; }
      f.local = await publishFile(abs, text, local, { dryRun: true });
    } catch (e) {
      // A file its tool makes no post of (a Hugo section) is reported, not an error.
      if (SkippedFileError.is(e)) { f.skipped = e.message; } else { f.error = errorMessage(e); }
    }
    files.push(f);
  }


  const site = ctx.client.site.adminUrl;
  await ctx.state.load();
  // Posts whose content must be read: moved since the record, no record at all, or edited here
  // (Ghost keeps whole seconds, so an edit made there in the second of our last push leaves
  // updated_at as it was: a file about to be pushed is compared with Ghost's content itself).
  const needed = new Map<string, 'post' | 'page'>();
  for (const f of files) {
    const g = f.id ? ghost.get(f.id) : undefined;
    if (!g || f.error || f.local?.kind === 'owned-elsewhere') { continue; }
    const record = ctx.state.post(site, g.id);
    const editedHere = f.local?.kind === 'dry-run' && f.local.action !== 'none';
    if (!record || editedHere || Date.parse(record.updatedAt) !== Date.parse(g.updated_at)) { needed.set(g.id, g.type); }
  }
  // Several files naming one post: the one owner rule decides, with the record, else the mark
  // (so the post's content is read when no record settles it).
  const claimants = new Map<string, LocalFile[]>();
  for (const f of files) {
    if (!f.id || f.error || f.local?.kind === 'owned-elsewhere') { continue; }
    claimants.set(f.id, [...(claimants.get(f.id) ?? []), f]);
  }
  // A path the record or the mark names counts only while the file there is the one pushed from it
  // (not a copy put back where its original moved away from): see owner.ts, stillThere.
  const there = new Map<string, Promise<boolean>>();
  const holds = async (id: string, file: string | undefined, pushed: { src?: string; gone?: number }) => {
    const list = claimants.get(id) ?? [];
    const f = list.find((x) => ctx.state.relative(x.abs) === file);
    if (!f) { return false; }
    const record = ctx.state.post(site, id);
    const key = JSON.stringify([id, file, pushed.src, pushed.gone]);
    if (!there.has(key)) {
      there.set(key, stillThere(ctx, f.abs, { id, ...pushed }, { record: record?.file === file ? record : undefined, others: list.filter((x) => x !== f).map((x) => x.abs), text: f.text }));
    }
    return there.get(key) as Promise<boolean>;
  };
  for (const [id, list] of claimants) {
    const g = ghost.get(id);
    if (list.length < 2 || !g) { continue; }
    const record = ctx.state.post(site, id);
    if (!record?.file || !list.some((f) => f.rel === ctx.state.relative(f.abs) && ctx.state.relative(f.abs) === record.file)
      || !(await holds(id, record.file, { gone: record.gone }))) { needed.set(id, g.type); }
  }
  const content = new Map<string, PostLike>();
  for (const type of ['post', 'page'] as const) {
    const ids = [...needed].filter(([, t]) => t === type).map(([id]) => id);
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      const chunk = ids.slice(i, i + IDS_PER_READ);
      const res = await ctx.client.resource(type === 'post' ? 'posts' : 'pages').browse({ ...CONTENT, filter: `id:[${chunk.join(',')}]`, limit: chunk.length });
      for (const p of res.items) { content.set(p.id, p); }
    }
    // A post from Ghost's older editor has no Lexical: its body is its HTML, as a push's record
    // fingerprinted it (asked only for those posts).
    const older = ids.filter((id) => content.has(id) && !content.get(id)?.lexical);
    for (let i = 0; i < older.length; i += IDS_PER_READ) {
      const chunk = older.slice(i, i + IDS_PER_READ);
      const res = await ctx.client.resource(type === 'post' ? 'posts' : 'pages').browse({ formats: ['html'], fields: ['id', 'html'], filter: `id:[${chunk.join(',')}]`, limit: chunk.length });
      for (const p of res.items) { const c = content.get(p.id); if (c) { c.html = p.html; } }
    }
  }

  const owners = new Map<string, Ownership>();
  for (const [id, list] of claimants) {
    if (list.length < 2) { continue; }
    const record = ctx.state.post(site, id);
    const mark = readMark(content.get(id)?.lexical);
    owners.set(id, ownerOf({
      claimants: list.map((f) => ({ file: ctx.state.relative(f.abs), src: f.src })),
      recorded: await holds(id, record?.file, { gone: record?.gone }) ? record?.file : undefined,
      marked: await holds(id, mark?.file, { src: mark?.src, gone: mark?.gone }) ? mark : undefined,
    }));
  }

  const entries: StatusEntry[] = [];
  const linked = new Map<string, string>();
  for (const f of files) {
    const uploads = f.local?.kind === 'dry-run' && f.local.uploads.length ? f.local.uploads : undefined;
    const base = { file: f.rel, type: f.type, title: f.title, ...(uploads ? { uploads } : {}), ...pushSends(f, f.id ? ctx.state.post(site, f.id)?.intent : undefined), ...(f.imported ? { imported: f.imported } : {}), ...(f.ignored ? { ignored: f.ignored } : {}), ...(f.leftOut ? { leftOut: f.leftOut } : {}) };
    if (f.skipped) {
      entries.push({ ...base, state: 'skipped', why: f.skipped });
      continue;
    }
    if (f.error) {
      // Its post is still its post, not one "only in Ghost".
      // (Its front matter may not even parse: the id is looked for as written.)
      const id = readLink(f.text)?.id ?? /^ghost_id:[ \t]*["']?([0-9a-f]{24})["']?[ \t]*$/m.exec(f.text)?.[1];
      if (id && !linked.has(id)) { linked.set(id, f.rel); }
      entries.push({ ...base, state: 'invalid', why: f.error, ...(id ? { id } : {}) });
      continue;
    }
    const local = f.local as PublishOutcome;
    if (local.kind === 'owned-elsewhere') {
      entries.push({ ...base, state: 'owned-elsewhere', id: local.id, why: `its post belongs to ${local.owner}` });
      continue;
    }
    if (!f.id) { entries.push({ ...base, state: 'new', why: 'not published yet' }); continue; }
    const decided = owners.get(f.id);
    if (decided && 'ambiguous' in decided) {
      entries.push({ ...base, state: 'owned-elsewhere', id: f.id, why: `${decided.ambiguous.length} files name its post (${decided.ambiguous.join(', ')}) and none can show it is the one last pushed: publish the post's own file with --take-over, the copies with --as-new` });
      if (!linked.has(f.id)) { linked.set(f.id, f.rel); }
      continue;
    }
    if (decided && decided.owner !== ctx.state.relative(f.abs)) {
      entries.push({ ...base, state: 'owned-elsewhere', id: f.id, why: `its post belongs to ${decided.owner}` });
      continue;
    }
    linked.set(f.id, f.rel);
    const g = ghost.get(f.id);
    if (!g) { entries.push({ ...base, state: 'deleted-in-ghost', id: f.id, why: 'its post is no longer in Ghost' }); continue; }
    if (g.type !== f.type) {
      entries.push({ ...base, state: 'invalid', id: f.id, why: `the file says ${f.type}, but its Ghost item is a ${g.type} (Ghost cannot turn one into the other): make it a ${g.type} again` });
      continue;
    }
    const at = { id: g.id, slug: g.slug, status: g.status };
    const record = ctx.state.post(site, g.id);
    const post = content.get(g.id);
    let changedHere: boolean;
    let changedThere: boolean;
    let movedFrom: string | undefined;
    let linkNow = false;
    // The file shows what Ghost holds (pushed from another clone, or pulled), and asks no status
    // or date it did not ask at the last push or pull: in sync, whatever the records say.
    const intentAsBefore = async (shown: PostLike) => {
      // With no record here, the last push's (its mark) or pull's (its history), as a push reads it.
      const last = record ? record.intent : await lastIntent(shown, { path: f.abs, src: f.src ?? '', defaults: f.defaults }, ctx.history, (d) => shows(d, f.abs, shown, ctx));
      return (!record && !last) || (last?.status === f.intent?.status && last?.publishedAt === f.intent?.publishedAt);
    };
    // With images to upload and no record here, a mirror pulled with its images (pull --all
    // --images) may show what Ghost holds all the same: its images by the addresses they came from.
    const holds = (shown: PostLike) => {
      if (local.kind !== 'dry-run') { return false; }
      if (!local.uploads.length) { return holdsSame(shown, local.payload.fields, site, splitFrontMatter(f.text).body); }
      try { return !record && shows(prepareDocument(f.abs, f.text, { defaults: f.defaults }), f.abs, shown, ctx); } catch { return false; }
    };
    const same = !!post && holds(post) && await intentAsBefore(post);
    if (same) {
      changedHere = false;
      changedThere = false;
      if (record?.file && record.file !== ctx.state.relative(f.abs)) { movedFrom = record.file; }
    } else if (record) {
      changedHere = local.kind === 'dry-run' && local.action !== 'none';
      // Moved or renamed, words and intent as pushed: the same post, nothing to send.
      if (changedHere && local.kind === 'dry-run' && record.file && record.file !== ctx.state.relative(f.abs) && record.hash === local.payload.hash
        && !local.uploads.length && record.intent && record.intent.status === f.intent?.status && record.intent.publishedAt === f.intent?.publishedAt) {
        changedHere = false;
        movedFrom = record.file;
      }
      // As a push decides: the fingerprint recorded then, else (records of older versions) updated_at.
      changedThere = !!post && (record.ghost === 'unverified' ? true : record.ghost ? !sameVersion(post, record.ghost) : Date.parse(post.updated_at) !== Date.parse(record.updatedAt));
      // Changed since the record to a version this file's own history holds: no edit made elsewhere.
      if (changedThere && post && record.ghost !== 'unverified' && await historyShows(f, post, ctx)) { changedThere = false; }
    } else {
      // No record here: the mark the last push left in Ghost says what it sent and what Ghost held.
      const mark = post ? readMark(post.lexical) : undefined;
      if (post && !mark) {
        // No push of ours marked it (a `pull --all` mirror, a post written elsewhere): changed here
        // only if a committed version of the file showed what Ghost holds.
        changedHere = true;
        changedThere = !(await historyShows(f, post, ctx));
      } else {
        changedThere = !post || !mark || !markHolds(post);
        changedHere = mark?.src !== f.src;
        // The file as pushed, but a link it names can be sent now (its target was published since):
        // an address of the site the push would send that Ghost's version does not hold.
        if (!changedHere && post && local.kind === 'dry-run' && linksNowSent(local.payload.fields.lexical, post.lexical, site)) { changedHere = true; linkNow = true; }
        // This file descends from what was pushed, or (a mirror pulled from the post) a committed
        // version of it shows what Ghost holds: Ghost was not edited since.
        if (changedHere && !changedThere && !(await descends(f, mark?.src, ctx)) && !(post && await historyShows(f, post, ctx))) { changedThere = true; }
      }
    }
    const state: EntryState = changedHere && changedThere ? 'conflict' : changedHere ? 'changed-here' : changedThere ? 'changed-in-ghost' : 'in-sync';
    const why = state === 'conflict' ? (record ? 'edited here and in Ghost since the last push' : 'no record of the last push here, and this file does not descend from it')
      : state === 'changed-here' ? (linkNow ? 'a link it names can be sent now: its target was published since the last push' : 'edited here since the last push')
        : state === 'changed-in-ghost' ? 'edited in Ghost since the last push'
          : movedFrom ? `same as in Ghost (moved from ${movedFrom})` : 'same as in Ghost';
    entries.push({ ...base, ...at, state, why });
  }
  for (const g of ghost.values()) {
    if (!linked.has(g.id)) {
      entries.push({ state: 'only-in-ghost', id: g.id, type: g.type, title: g.title, slug: g.slug, status: g.status, why: 'no file here links to it' });
    }
  }
  const after = statsOf(ctx);
  return { entries, published, requests: after.requests - before.requests, bytesReceived: after.bytesReceived - before.bytesReceived, ...(bare.length ? { withoutFrontMatter: bare } : {}) };
}



/** Whether what a push would send links to an address of the site that Ghost's version does not hold. */
function linksNowSent(sent: unknown, held: unknown, site: string): boolean {
  if (typeof sent !== 'string' || typeof held !== 'string') { return false; }
  let origin: string;
  try { origin = new URL(site).origin; } catch { return false; }
  const urls = [...sent.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] ?? '').filter((u) => u.startsWith(`${origin}/`));
  return urls.some((u) => !held.includes(`"${u}"`) && !held.includes(`"${u.split('#')[0]}`));
}

/** Whether a committed version of this file would send what Ghost holds (a post no push marked). */
function historyShows(f: LocalFile, post: PostLike, ctx: PublishContext): Promise<boolean> {
  return someVersion(ctx.history, f.abs, f.defaults, (d) => shows(d, f.abs, post, ctx));
}

/** Whether a version of a file (its images by the addresses a pull took them from) shows what Ghost holds. */
function shows(d: PreparedDocument, file: string, post: PostLike, ctx: PublishContext): boolean {
  const site = ctx.client.site.adminUrl;
  return holdsSame(post, buildPayload(d, d.meta.render ?? ctx.renderMode ?? 'lexical', pulledImageUrls(d, file, post, site)).fields, site, d.split.body);
}

/** Whether this file's git history holds the file the last push sent (as a push without a record asks). */
function descends(f: LocalFile, src: string | undefined, ctx: PublishContext): Promise<boolean> {
  return src ? someVersion(ctx.history, f.abs, f.defaults, (d) => sourceHash(d.data, d.split.body) === src) : Promise.resolve(false);
}

/**
 * One file's state as far as this clone knows it, with no request: new, changed here (since its
 * last push or pull from here), in sync (as last seen), a copy, unreadable. Undefined for a linked
 * file this clone has no record of: only Ghost can tell.
 */
export async function localState(file: string, text: string, ctx: PublishContext): Promise<{ state: EntryState; why: string } | undefined> {
  if (splitFrontMatter(text).yaml === undefined) { return undefined; }
  if (ignored(file, await folderDefaults(file, ctx.state.root).catch(() => ({ values: {}, from: {}, ignore: [] })))) { return undefined; }
  let local: PublishOutcome;
  let id: string | undefined;
  try {
    id = prepareDocument(file, text).meta.link?.id;
    local = await publishFile(file, text, { ...ctx, logger: silentLogger, offline: true }, { dryRun: true });
  } catch (e) {
    return { state: SkippedFileError.is(e) ? 'skipped' : 'invalid', why: errorMessage(e) };
  }
  if (local.kind === 'owned-elsewhere') { return { state: 'owned-elsewhere', why: `its post belongs to ${local.owner}` }; }
  if (!id) { return { state: 'new', why: 'not published yet' }; }
  await ctx.state.load();
  if (!ctx.state.post(ctx.client.site.adminUrl, id)) { return undefined; }
  return local.kind === 'dry-run' && local.action !== 'none' ? { state: 'changed-here', why: 'edited here since the last push' } : { state: 'in-sync', why: 'as last pushed or pulled (not checked with Ghost)' };
}

export type SyncAction = 'create' | 'update' | 'leave';

const INJECTION_KEYS = ['codeinjection_head', 'codeinjection_foot'] as const;

/**
 * What a push of the file would send that a reviewer must see: a publish or schedule (the file
 * asks one, and did not ask the same at the last push recorded here), and code injection.
 */
function pushSends(f: LocalFile, last: { status?: string; publishedAt?: string } | undefined): Pick<StatusEntry, 'publishes' | 'codeInjection'> {
  if (f.local?.kind !== 'dry-run' || f.local.action === 'none') { return {}; }
  const st = f.intent?.status;
  const asks = (st === 'published' || st === 'scheduled') && (last?.status !== st || last.publishedAt !== f.intent?.publishedAt);
  return {
    ...(asks ? { publishes: `${st}${f.intent?.publishedAt ? ` ${f.intent.publishedAt}` : ''}` } : {}),
    ...(f.injects ? { codeInjection: f.injects } : {}),
  };
}

/** The plan's words for what a step sends beyond the post: uploads, a publish or schedule, code injection. */
export function stepSends(s: SyncStep): string[] {
  if (s.action === 'leave') { return []; }
  return [
    ...(s.uploads.length ? [`uploads ${s.uploads.join(', ')}`] : []),
    ...(s.entry.publishes ? [s.entry.publishes.startsWith('scheduled') ? s.entry.publishes.replace(/^scheduled ?/, 'schedules it for ').trim() : 'publishes it'] : []),
    ...(s.entry.codeInjection?.length ? [`code injection: ${s.entry.codeInjection.join(', ')}`] : []),
  ];
}

export interface SyncStep {
  entry: StatusEntry;
  action: SyncAction;
  /** Local images and files a push would upload. */
  uploads: string[];
  why: string;
}

/** What a sync would do with each entry: create new files, update files changed here, leave the rest. */
export function syncPlan(status: FolderStatus): SyncStep[] {
  return status.entries.map((entry): SyncStep => {
    switch (entry.state) {
      case 'new': return { entry, action: 'create', uploads: entry.uploads ?? [], why: 'new here' };
      case 'changed-here': return { entry, action: 'update', uploads: entry.uploads ?? [], why: 'edited here' };
      case 'in-sync': return { entry, action: 'leave', uploads: [], why: 'nothing to send' };
      case 'changed-in-ghost': return { entry, action: 'leave', uploads: [], why: 'edited in Ghost: pull it to bring the edit here' };
      case 'conflict': return { entry, action: 'leave', uploads: [], why: 'edited on both sides: pull to compare, or publish it with --force' };
      case 'deleted-in-ghost': return { entry, action: 'leave', uploads: [], why: 'deleted in Ghost: publish it with --recreate to create it again' };
      case 'only-in-ghost': return { entry, action: 'leave', uploads: [], why: 'not in the folder: pull it to add it' };
      case 'owned-elsewhere': return { entry, action: 'leave', uploads: [], why: `${entry.why}: publish it with --as-new or --take-over` };
      case 'invalid': return { entry, action: 'leave', uploads: [], why: entry.why };
      case 'skipped': return { entry, action: 'leave', uploads: [], why: entry.why };
    }
  });
}

export interface SyncResult {
  step: SyncStep;
  outcome?: PublishOutcome;
  error?: string;
}

/**
 * Applies a plan: creates and updates, `concurrency` at a time, each a full push (which checks
 * Ghost's version again just before writing). One failure does not stop the others.
 */
export async function applySync(dir: string, plan: SyncStep[], ctx: PublishContext, opts: { concurrency?: number; writeFile: (file: string, text: string) => Promise<void>; onResult?: (r: SyncResult) => void }): Promise<SyncResult[]> {
  const root = path.resolve(dir);
  // Every file is read and linked under the rule, within the project: the walk chose them (no
  // hidden names), a link put in a file's place, or in a folder's, since then is refused.
  const project = isInside(ctx.state.root, root) ? path.resolve(ctx.state.root) : root;
  const rule = (file: string) => ({ root: project, explicit: true, label: path.relative(root, file).split(path.sep).join('/'), rootName: `the project (${project})` });
  const read = async (file: string) => (await readConfined(file, rule(file))).toString('utf8');
  const writeLink = async (file: string, text: string) => {
    await confine(file, rule(file));
    await opts.writeFile(file, text);
  };
  const work = plan.filter((s) => s.action !== 'leave');
  const results: SyncResult[] = plan.filter((s) => s.action === 'leave').map((step) => ({ step }));
  // Posts this sync publishes become link targets: `[[Note]]` in the files pushed after them (or
  // with them) points to them. Known addresses grow as the sync goes.
  const published = ctx.published ? new Map(ctx.published) : undefined;
  const newlyPublished = new Set<string>();
  const run = async (steps: SyncStep[], record: (r: SyncResult) => void): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < steps.length) {
        const step = steps[next++] as SyncStep;
        const abs = path.join(root, step.entry.file ?? '');
        let r: SyncResult;
        try {
          const text = await read(abs);
          // Status follows the file's intent (as `publish` from the CLI); never an email.
          const outcome = await publishFile(abs, text, { ...ctx, published, writeLink }, {});
          if (published && 'post' in outcome && isLive(outcome.post.status) && outcome.post.url && published.get(outcome.post.id) !== outcome.post.url) {
            published.set(outcome.post.id, outcome.post.url);
            newlyPublished.add(outcome.post.id);
          }
          r = { step, outcome };
        } catch (e) {
          r = { step, error: errorMessage(e) };
        }
        record(r);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, steps.length)) }, worker));
  };
  await run(work, (r) => { results.push(r); opts.onResult?.(r); });
  // Files with links whose note was published by this very sync: pushed once more, so that the
  // next sync has nothing to do.
  if (published && newlyPublished.size) {
    const again: SyncStep[] = [];
    for (const r of results) {
      const file = r.step.entry.file;
      // Only files this sync pushed: their records are fresh, so a dry run tells a link change from nothing.
      if (!file || r.error || !(r.outcome?.kind === 'created' || r.outcome?.kind === 'updated')) { continue; }
      const abs = path.join(root, file);
      const text = await read(abs).catch(() => '');
      if (!text.includes('[[')) { continue; }
      const dry = await publishFile(abs, text, { ...ctx, published, logger: silentLogger }, { dryRun: true }).catch(() => undefined);
      if (dry?.kind === 'dry-run' && dry.action === 'update') { again.push({ ...r.step, action: 'update', why: 'a note it links to was published by this sync' }); }
    }
    await run(again, (r) => {
      // The first push (created, updated) stays what the file's result says; a failed or
      // conflicting second push is one more result of its own, so that it is seen.
      if (r.error || r.outcome?.kind === 'conflict') {
        results.push(r);
        opts.onResult?.(r);
      }
    });
  }
  return results;
}

export interface PulledAll {
  /** Files written, relative to the folder. */
  written: Array<{ file: string; id: string; type: 'post' | 'page' }>;
  /** Posts a file under the folder already links to: left as they are. */
  present: Array<{ file: string; id: string }>;
  /** Posts written from their HTML (Ghost's older editor): worth a look before pushing back. */
  fromHtml: string[];
  /** Posts that could not be written, and why: nothing of them is on disk or in the records. */
  failed: Array<{ id: string; type: 'post' | 'page'; slug?: string; title?: string; error: string }>;
}

/**
 * The whole site into a folder: each post in `posts/SLUG.md`, each page in `pages/SLUG.md` (a name
 * already taken gets `-2`, `-3`…; every name made safe on every system), linked and recorded, so
 * pushing them back sends nothing. Posts a file under the folder already links to are left alone,
 * and no file is ever replaced. A post that cannot be written is reported in `failed` and the
 * others are written all the same; only what was written is recorded.
 */
export async function pullAll(dir: string, ctx: PublishContext, opts: { filter?: string; images?: boolean; progress?: (done: number) => void } = {}): Promise<PulledAll> {
  // The output folder, and every folder on the way to it from the project's root: no link, inside.
  const root = await confineFolder(dir, ctx.state.root, { missingOk: true });
  await fs.mkdir(root, { recursive: true });
  await confineFolder(root, ctx.state.root);
  const linked = new Map<string, string>();
  for (const f of await markdownFiles(root)) {
    const id = readLink((await readConfined(f, { root }).catch(() => Buffer.alloc(0))).toString('utf8'))?.id;
    if (id && !linked.has(id)) { linked.set(id, path.relative(root, f).split(path.sep).join('/')); }
  }
  const out: PulledAll = { written: [], present: [], fromHtml: [], failed: [] };
  const downloaded = new Map<string, string>();
  const site = ctx.client.site.adminUrl;
  for (const type of ['post', 'page'] as const) {
    const folder = path.join(root, `${type}s`);
    for await (const post of ctx.client.resource(type === 'post' ? 'posts' : 'pages').all({ formats: ['html', 'lexical'], include: ['tags', 'authors', 'tiers'], filter: opts.filter, order: 'id asc' })) {
      const here = linked.get(post.id);
      if (here) { out.present.push({ file: here, id: post.id }); continue; }
      let file: string | undefined;
      try {
        let text = postToMarkdown(post, { type, site });
        // posts/ and pages/ are plain folders of the output folder: never a link to elsewhere
        // (checked before it is made, so that nothing is made through one, and after).
        await confine(folder, { root, folder: true, missingOk: true, rootName: `the output folder (${root})` });
        await fs.mkdir(folder, { recursive: true });
        await confine(folder, { root, folder: true, rootName: `the output folder (${root})` });
        const name = await freeName(folder, post.slug || post.id);
        if (opts.images) { text = await localImages(name, text, root, ctx, downloaded); }
        await writeFileAtomic(name, text, { exclusive: true });
        file = name;
        // Recorded once written: the records hold only files that are there.
        await recordSeen(ctx, name, text, post);
      } catch (e) {
        // A file written but not recorded is taken back: what is on disk is what the records vouch for.
        if (file) { await fs.rm(file, { force: true }); }
        out.failed.push({ id: post.id, type, ...(post.slug ? { slug: post.slug } : {}), ...(typeof post.title === 'string' ? { title: post.title } : {}), error: errorMessage(e) });
        continue;
      }
      const rel = path.relative(root, file).split(path.sep).join('/');
      linked.set(post.id, rel);
      out.written.push({ file: rel, id: post.id, type });
      if (!post.lexical) { out.fromHtml.push(rel); }
      opts.progress?.(out.written.length);
    }
  }
  return out;
}

/**
 * A folder the writer named (to sync, to pull into) under the confinement rule: inside the
 * project's root, neither a symbolic link nor reached through one. Its absolute path; a
 * ConfinementError naming it otherwise. With `missingOk`, the parts that exist are checked.
 */
export async function confineFolder(dir: string, projectRoot: string, opts: { missingOk?: boolean } = {}): Promise<string> {
  const project = path.resolve(projectRoot);
  const abs = path.resolve(dir);
  const shown = path.relative(process.cwd(), abs).split(path.sep).join('/') || '.';
  if (!isInside(project, abs)) {
    throw new ConfinementError(dir, `${shown} is outside the project (${project}): Ghost Author reads and writes only inside it.`, 'Name a folder inside the project, or run from the project that holds it.');
  }
  return confine(abs, { root: project, folder: true, explicit: true, missingOk: opts.missingOk, label: shown, rootName: `the project (${project})` });
}

/** `SLUG.md` in a folder, or `SLUG-2.md`, `SLUG-3.md`… when the name is taken (a link counts as taken). */
async function freeName(folder: string, slug: string): Promise<string> {
  const readable = slug.replace(/[^\p{L}\p{N}_.-]+/gu, '-');
  for (let i = 1; ; i++) {
    const file = path.join(folder, safeFileName(readable, { suffix: `${i === 1 ? '' : `-${i}`}.md`, decoded: true }));
    if (!(await fs.lstat(file).then(() => true, () => false))) { return file; }
  }
}

/** What was read from other tools' front matter across a folder: each mapping and ignored key, with how many files. */
export function importReport(entries: readonly StatusEntry[]): { imported: Array<[string, number]>; ignored: Array<[string, number]> } {
  const count = (pick: (e: StatusEntry) => string[] | undefined) => {
    const m = new Map<string, number>();
    for (const e of entries) { for (const k of pick(e) ?? []) { m.set(k, (m.get(k) ?? 0) + 1); } }
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  return { imported: count((e) => e.imported), ignored: count((e) => e.ignored) };
}

/**
 * The site's own images a pulled text shows (in its Markdown and its image fields), downloaded
 * into `ROOT/images/` (Ghost's own paths kept) and written as local paths; each is recorded as
 * uploaded at its address, so pushing the file back uploads nothing and sends nothing new.
 * Images kept in exact card blocks stay at their address.
 */
async function localImages(file: string, text: string, root: string, ctx: PublishContext, downloaded: Map<string, string>): Promise<string> {
  const site = ctx.client.site.adminUrl;
  const origin = new URL(site).origin;
  let doc: ReturnType<typeof prepareDocument>;
  // A text that does not read back (it will show as such in status) keeps its addresses.
  try { doc = prepareDocument(file, text); } catch { return text; }
  let out = text;
  for (const url of new Set(doc.imageRefs)) {
    let u: URL;
    try { u = new URL(url); } catch { continue; }
    const m = /^\/content\/images\/(.+)$/.exec(u.pathname);
    if (u.origin !== origin || !m) { continue; }
    let abs = downloaded.get(url);
    if (!abs) {
      let hash: string;
      try {
        abs = pulledImagePath(root, m[1] ?? '');
        // Streamed to disk within limits (the site's origin only, an image by its bytes, a size cap, a deadline).
        const got = await downloadImage(url, abs, { site, signal: ctx.signal, root });
        if (!got.placed) { continue; }
        hash = got.hash;
      } catch (e) {
        // A folder on the way that is a link (images/ -> elsewhere): the post is not written, and says why.
        if (ConfinementError.is(e)) { throw e; }
        const why = errorMessage(e);
        (ctx.logger ?? silentLogger).warn(why.includes(url) ? why : `${url}: ${why}`);
        continue;
      }
      // This file's address for this image, whatever other posts hold the same bytes at; and, for
      // new files using these bytes, an address they can reuse instead of uploading again.
      await ctx.state.setUpload(site, pulledImageKey(ctx, await fs.realpath(abs), hash), url);
      if (!ctx.state.upload(site, hash)) { await ctx.state.setUpload(site, hash, url); }
      downloaded.set(url, abs);
    }
    let ref = path.relative(path.dirname(file), abs).split(path.sep).join('/');
    if (/\s/.test(ref)) { ref = `<${ref}>`; }
    // Only Markdown images (not links to the same address) and the front matter's image fields:
    // an exact card block keeps its address.
    const esc = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(!\\[(?:[^\\]\\\\]|\\\\.)*\\]\\()${esc}(?=[\\s)])`, 'g'), (_m, head: string) => `${head}${ref}`).replace(new RegExp(`^((?:feature_image|og_image|twitter_image): )${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'gm'), `$1${ref}`);
  }
  return out;
}

/**
 * Where `pull --all --images` keeps an image of the site's `/content/images/<tail>`: under the
 * output's images folder, each segment made a safe file name under POSIX and Windows rules alike
 * (an encoded `..%5C` is a separator on Windows: it never climbs out).
 */
export function pulledImagePath(root: string, tail: string, impl: typeof path = path): string {
  return impl.join(root, 'images', safeRelativePath(tail, impl));
}

/** The files a plan does something about (or leaves with a reason) as a Markdown table; none when all is in sync. */
export function planTable(plan: readonly SyncStep[], results?: readonly SyncResult[]): string[] {
  const cell = markdownText;
  const done = new Map((results ?? []).map((r) => [r.step, r]));
  const rows = plan.filter((s) => s.entry.state !== 'in-sync' && s.entry.state !== 'only-in-ghost').map((s) => {
    const r = done.get(s);
    const sends = stepSends(s);
    const action = s.action === 'leave' ? s.why : `${s.action}${sends.length ? ` (${sends.join('; ')})` : ''}`;
    const result = results ? ` | ${cell(r?.error ? `error: ${r.error}` : r?.outcome?.kind ?? '')}` : '';
    return `| ${cell(s.entry.file ?? `${s.entry.type} ${s.entry.slug ?? ''}`)} | ${cell(s.entry.title)} | ${STATE_LABELS[s.entry.state]} | ${cell(action)}${result} |`;
  });
  if (!rows.length) { return []; }
  return [results ? '| file | title | state | action | result |' : '| file | title | state | action |', results ? '|---|---|---|---|---|' : '|---|---|---|---|', ...rows, ...reviewLines(plan)];
}

/**
 * For the reviewer, after the table: every file to upload, every publish or schedule and every
 * code injection the plan sends, each under its own heading (none when there is none).
 */
export function reviewLines(plan: readonly SyncStep[]): string[] {
  const pushes = plan.filter((s) => s.action !== 'leave');
  const cell = markdownText;
  const name = (s: SyncStep) => cell(s.entry.file ?? s.entry.title);
  const uploads = pushes.flatMap((s) => s.uploads.map((u) => `- ${cell(u)} (for ${name(s)})`));
  const publishes = pushes.filter((s) => s.entry.publishes).map((s) => `- ${name(s)}: ${cell(s.entry.publishes ?? '')}`);
  const injections = pushes.filter((s) => s.entry.codeInjection?.length).map((s) => `- ${name(s)}: ${(s.entry.codeInjection ?? []).join(', ')}`);
  const section = (title: string, lines: string[]) => (lines.length ? ['', `**${title} (${lines.length})**`, '', ...lines] : []);
  return [
    ...section('Files to upload', uploads),
    ...section('Publishes and schedules', publishes),
    ...section('Code injection (HTML run on the site)', injections),
  ];
}

/** What was read from other tools' front matter, and what is not sent: a sentence each, when there is any. */
export function importLines(entries: readonly StatusEntry[]): string[] {
  const r = importReport(entries);
  const leftOut = entries.flatMap((e) => e.leftOut ?? []);
  const list = (xs: Array<[string, number]>) => xs.map(([k, n]) => `${k} (${n})`).join(', ');
  return [
    ...(r.imported.length ? [`Front matter of other tools, read as Ghost's: ${list(r.imported)}.`] : []),
    ...(r.ignored.length ? [`Not sent (Ghost has no such field): ${list(r.ignored)}.`] : []),
    ...(leftOut.length ? [`Template syntax left out of the posts (kept in the files; readers never see it): ${leftOut.join(', ')}.`] : []),
  ];
}
