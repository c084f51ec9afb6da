/**
 * Randomized writer workflows against one Ghost (the fake, or a real one), with an oracle checked
 * after every step. A sequence is a list of operations drawn from a seed: editing files and
 * posts (each edit carries a unique word), pushing from the engine and from the CLI, pulling,
 * copying, renaming and deleting files, status changes, deletes in Ghost, lost answers, lost
 * state, clocks that stay within one second. The oracle holds the promises:
 * - a push that was not told to overwrite never removes a word from Ghost, and no command removes
 *   one from a file;
 * - a status changes only when asked (an option, or for the CLI a front matter value);
 * - a copy of a file never changes the original's post;
 * - a second push of what was just pushed sends no write;
 * - once every file is pushed again, each post in Ghost belongs to a file (no duplicates).
 *
 * The wide model (`generate(seed, { wide: true })`, `runSequence(…, { wide: true })`; the tests'
 * default; WORKFLOW_WIDE=0 turns it off) adds what writers also do: Save As of a linked file (also
 * back to the path a moved file left) and moves into folders, with the history git's `log --follow`
 * and `log --no-renames` of a path really give (gitModel.ts: copies followed too); every VS Code
 * entry point called as the extension calls the engine (Push, Publish…, Schedule…, Unpublish…,
 * publish-on-save and its conflict notification, the Ghost view's status changes); two pushes of
 * one file at once; client clocks up to 10 s off Ghost's; posts written in Ghost (Koenig cards, or
 * mobiledoc and no Lexical); `pull --all` mirrors, fresh clones and the CLI's sync/publish/status
 * as CI runs them; newsletters, slugs, duplicate tags, site-relative
 * links and dates in the site's time zone in front matter. Its oracle adds:
 * - no email unless a confirmed send asked for one (any request naming a newsletter or segment);
 * - no post dated other than the writer meant (a date without a zone is the site's time);
 * - never two posts for one file (a file is followed through moves; a copy is another file);
 * - a copy's own words never reach the post of its original while the original still links it;
 * - after a push that reported success, every word of the file is in the post's Lexical;
 * - no false conflict: a file whose own history holds the text Ghost's version was pushed from
 *   or pulled into, with nobody editing it since, is not “edited on both sides”.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { main as cli } from '../../src/cli';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { PostLike } from '../../src/core/ghost/types';
import { readLink, writeLink } from '../../src/core/content/link';
import { prepareDocument } from '../../src/core/content/document';
import { readWhen, scheduleShown, siteDateTime } from '../../src/core/dates';
import { ghostFingerprint } from '../../src/core/publish/fingerprint';
import { changeStatus, publishFile, pullPost, type PublishContext, type PublishOptions, type PublishOutcome } from '../../src/core/publish/engine';
import { applySync, folderStatus, pullAll, syncPlan } from '../../src/core/publish/folder';
import type { PathHistory } from '../../src/core/publish/history';
import { StateStore } from '../../src/core/publish/state';
import { rng } from './fuzz/generate';
import { GitModel } from './gitModel';

export type Op =
  | { op: 'write'; c: number; f: string }
  | { op: 'editFile'; c: number; f: string; part: 'body' | 'title' | 'tags' }
  | { op: 'setStatus'; c: number; f: string; status: 'draft' | 'published' }
  | { op: 'push'; c: number; f: string; status?: 'draft' | 'published'; force?: boolean; again: boolean }
  | { op: 'pushCli'; c: number; f: string }
  | { op: 'pull'; c: number; post: number; to?: string }
  | { op: 'copy'; c: number; f: string; to: string }
  | { op: 'rename'; c: number; f: string; to: string }
  | { op: 'deleteFile'; c: number; f: string }
  | { op: 'clone'; f: string }
  | { op: 'editGhost'; post: number; part: 'body' | 'title' | 'tags' | 'status' }
  | { op: 'deleteGhost'; post: number }
  /** With searchFails, the search for the post that landed fails too: the create stays in doubt. */
  | { op: 'lostAnswer'; c: number; f: string; searchFails?: boolean }
  | { op: 'loseState'; c: number }
  | { op: 'tick'; ms: number }
  // The wide model (generate(…, { wide: true })): the operations below.
  /** Save As: an exact copy, link included, committed as it is. */
  | { op: 'saveAs'; c: number; f: string; to: string }
  /** The file moved into a subfolder (git sees a rename). */
  | { op: 'archive'; c: number; f: string }
  | { op: 'frontMatter'; c: number; f: string; what: 'newsletter' | 'date' | 'slug' | 'dupTags' | 'relLink'; month?: number; hour?: number }
  /** A VS Code command on the file, called as the extension calls the engine. */
  | { op: 'vscode'; c: number; f: string; cmd: 'push' | 'publish' | 'schedule' | 'unpublish' | 'save'; send?: boolean; at?: string }
  /** “Overwrite Ghost's version” clicked on the notification of the last conflict publish-on-save met. */
  | { op: 'clickOverwrite'; c: number; f: string }
  /** The Ghost view's Publish Now / Unpublish / Schedule on a post. */
  | { op: 'tree'; post: number; status: 'draft' | 'published' | 'scheduled' }
  /** Two pushes of one file at once: publish-on-save during Push, or the CLI during Push. */
  | { op: 'together'; c: number; f: string; pair: 'save+push' | 'cli+push' }
  /** The clone's computer clock, this far from Ghost's. */
  | { op: 'skew'; c: number; ms: number }
  /** A post written in Ghost: Koenig cards, or an older editor's (mobiledoc, no Lexical). */
  | { op: 'ghostNew'; kind: 'koenig' | 'mobiledoc' }
  /** `pull --all` into the clone (posts/SLUG.md). */
  | { op: 'mirror'; c: number }
  /** Clone 1 becomes a fresh clone of clone 0: its commits, no .ghost-author. */
  | { op: 'cleanClone' }
  /** The CLI as CI runs it: `sync`, `publish` of every file, or `status`. */
  | { op: 'ci'; c: number; cmd: 'sync' | 'publish' | 'status' };

export interface GenerateOptions { min?: number; max?: number; checkouts?: number; cli?: boolean; faults?: boolean; wide?: boolean }

export function generate(seed: number, opts: GenerateOptions = {}): Op[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const min = opts.min ?? 5;
  const max = opts.max ?? 40;
  const n = min + Math.floor(r() * (max - min + 1));
  const checkouts = 1 + Math.floor(r() * (opts.checkouts ?? 2));
  const names = ['a.md', 'b.md', 'c.md'].slice(0, 1 + Math.floor(r() * 3));
  const c = () => Math.floor(r() * checkouts);
  const ops: Op[] = [{ op: 'write', c: 0, f: names[0] as string }, { op: 'push', c: 0, f: names[0] as string, again: false }];
  // The wide model's files include the copies and pulled files, for every operation on a file.
  const wf = () => pick([...names, ...names, 'feb.md', 'a-copy.md', 'pulled0.md']);
  const fp = opts.wide ? wf : () => pick(names);
  const table: Array<[number, () => Op | Op[]]> = [
    [2, () => ({ op: 'write', c: c(), f: fp() })],
    [6, () => ({ op: 'editFile', c: c(), f: fp(), part: pick(['body', 'body', 'title', 'tags'] as const) })],
    [1, () => ({ op: 'setStatus', c: c(), f: fp(), status: pick(['draft', 'published'] as const) })],
    [8, () => ({ op: 'push', c: c(), f: fp(), again: r() < 0.3, ...(r() < 0.08 ? { status: pick(['draft', 'published'] as const) } : {}), ...(r() < 0.04 ? { force: true } : {}) })],
    [opts.cli === false ? 0 : 2, () => ({ op: 'pushCli', c: c(), f: fp() })],
    [2, () => ({ op: 'pull', c: c(), post: Math.floor(r() * 4), ...(r() < 0.5 ? { to: `pulled${Math.floor(r() * 2)}.md` } : {}) })],
    [1, () => ({ op: 'copy', c: c(), f: fp(), to: `copy${Math.floor(r() * 2)}.md` })],
    [1, () => ({ op: 'rename', c: c(), f: fp(), to: pick(names) })],
    [0.5, () => ({ op: 'deleteFile', c: c(), f: fp() })],
    [checkouts > 1 ? 1 : 0, () => ({ op: 'clone', f: fp() })],
    [5, () => ({ op: 'editGhost', post: Math.floor(r() * 4), part: pick(['body', 'body', 'title', 'tags', 'status'] as const) })],
    [0.5, () => ({ op: 'deleteGhost', post: Math.floor(r() * 4) })],
    [opts.faults === false ? 0 : 1, () => ({ op: 'lostAnswer', c: c(), f: fp(), ...(opts.wide && r() < 0.3 ? { searchFails: true } : {}) })],
    [0.7, () => ({ op: 'loseState', c: c() })],
    [3, () => ({ op: 'tick', ms: Math.floor(r() * 1500) })],
  ];
  if (opts.wide) {
    // The wide model's operations weigh as much as the others together; its files include the copies.
    for (const e of table) { e[0] *= 0.6; }
    const post = () => Math.floor(r() * 4);
    if (r() < 0.4) { ops.unshift({ op: 'skew', c: 0, ms: Math.round((r() * 2 - 1) * 10_000) }); }
    // A writer moving a site here: posts written in Ghost, mirrored with pull --all, then the work goes on.
    if (r() < 0.25) { ops.unshift({ op: 'ghostNew', kind: pick(['koenig', 'koenig', 'mobiledoc'] as const) }, { op: 'mirror', c: 0 }); }
    table.push(
      [3, () => ({ op: 'editFile', c: c(), f: wf(), part: pick(['body', 'title'] as const) })],
      // An edit of whatever file the clone holds then: a mirror's post, a pulled one, a copy.
      [2, () => ({ op: 'editFile', c: c(), f: `#${Math.floor(r() * 6)}`, part: pick(['body', 'title', 'tags'] as const) })],
      // Save As is how a writer starts the next post from the last one: the copy is usually
      // edited next (its own words), and the edit is a step of its own (shrinking may drop it).
      [2.5, () => {
        const at = c();
        const to = pick(['feb.md', 'a-copy.md', 'copy0.md']);
        const save: Op = { op: 'saveAs', c: at, f: pick(names), to };
        return r() < 0.7 ? [save, { op: 'editFile', c: at, f: to, part: pick(['body', 'title'] as const) }] : save;
      }],
      [1.5, () => ({ op: 'archive', c: c(), f: pick(names) })],
      [3, () => ({ op: 'frontMatter', c: c(), f: wf(), what: pick(['newsletter', 'date', 'date', 'slug', 'dupTags', 'relLink'] as const), month: 1 + Math.floor(r() * 12), hour: Math.floor(r() * 24) })],
      [5, () => {
        const cmd = pick(['push', 'push', 'publish', 'schedule', 'schedule', 'unpublish', 'save'] as const);
        return { op: 'vscode', c: c(), f: wf(), cmd, ...(cmd === 'publish' && r() < 0.3 ? { send: true } : {}), ...(cmd === 'schedule' && r() < 0.3 ? { at: `2031-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T0${Math.floor(r() * 9)}:30:00-05:00` } : {}) };
      }],
      [1.5, () => ({ op: 'clickOverwrite', c: c(), f: pick(names) })],
      [1, () => ({ op: 'tree', post: post(), status: pick(['draft', 'published', 'scheduled'] as const) })],
      [0.6, () => ({ op: 'together', c: c(), f: pick(names), pair: pick(['save+push', 'cli+push'] as const) })],
      [0.7, () => ({ op: 'skew', c: c(), ms: Math.round((r() * 2 - 1) * 10_000) })],
      // A new post pushed over a connection that drops (a train, a café's Wi-Fi, a CI runner),
      // sometimes from a computer whose clock is off: its own steps, each of which shrinking may drop.
      [1, () => {
        const at = c();
        const f = pick(['b.md', 'c.md', 'feb.md']);
        const lost: Op = { op: 'lostAnswer', c: at, f, ...(r() < 0.3 ? { searchFails: true } : {}) };
        const steps: Op[] = [{ op: 'write', c: at, f }, lost];
        return r() < 0.5 ? [{ op: 'skew', c: at, ms: Math.round((r() * 2 - 1) * 10_000) }, ...steps] : steps;
      }],
      [1, () => ({ op: 'ghostNew', kind: pick(['koenig', 'mobiledoc'] as const) })],
      [0.7, () => ({ op: 'mirror', c: c() })],
      [checkouts > 1 ? 1 : 0, () => ({ op: 'cleanClone' })],
      // A CI job: a fresh clone of what was committed, no state, one command.
      [checkouts > 1 ? 1.5 : 0, () => [{ op: 'cleanClone' }, { op: 'ci', c: 1, cmd: pick(['sync', 'publish', 'status'] as const) }]],
      [3, () => ({ op: 'ci', c: c(), cmd: pick(['sync', 'publish', 'status'] as const) })],
    );
  }
  const total = table.reduce((s, [w]) => s + w, 0);
  while (ops.length < n) {
    let x = r() * total;
    for (const [w, make] of table) {
      x -= w;
      if (x < 0) { ops.push(...[make()].flat()); break; }
    }
  }
  ops.length = Math.min(ops.length, n);
  if (opts.wide) { copyBack(seed, ops, names, checkouts, max); }
  return ops;
}

/**
 * In about a third of the wide model's sequences: a file moved into a folder, then Save As of it
 * back to the path it left (usually edited next), so that the copy sits where the record and the
 * mark say the post was pushed from. Drawn apart from the rest (its own stream from the seed), so
 * that every sequence without it is the one the seed gave before it was added.
 */
function copyBack(seed: number, ops: Op[], names: readonly string[], checkouts: number, max: number): void {
  const r = rng(seed ^ 0x5bd1e995);
  if (r() >= 0.35) { return; }
  const at = Math.floor(r() * checkouts);
  const f = names[Math.floor(r() * names.length)] as string;
  const back: Op[] = [{ op: 'archive', c: at, f }, { op: 'saveAs', c: at, f: `archive/${f}`, to: f }];
  if (r() < 0.7) { back.push({ op: 'editFile', c: at, f, part: r() < 0.5 ? 'body' : 'title' }); }
  // Anywhere after the sequence's first two steps; it keeps its longest length.
  const where = 2 + Math.floor(r() * (ops.length - 1));
  ops.splice(where, 0, ...back);
  ops.length = Math.min(ops.length, max);
}

export class Violation extends Error {}

/** What a test gives the runner: a site to work on, and how to reach in as Ghost Admin would. */
export interface Site {
  url: string;
  key: string;
  /** Every post of the site made by this run, as Ghost holds it now. */
  posts(): Promise<PostLike[]>;
  /** An edit made in Ghost's editor. */
  edit(id: string, change: (p: PostLike) => Partial<PostLike>): Promise<void>;
  remove(id: string): Promise<void>;
  /** Makes the next write land in Ghost but lose its answer; false when the site cannot. */
  loseNextAnswer(): boolean;
  /** Moves Ghost's clock (the fake's), or waits (a real one). */
  tick(ms: number): Promise<void>;
  /** Ghost's clock (each clone's computer may be off it: the `skew` operation). */
  now(): number;
  // For the wide model; a site without one skips the operations that need it.
  /** Makes the next search of the posts list fail (after a lost answer: the create stays in doubt). */
  failNextSearch?(): boolean;
  /** Drops faults set up by a step that did not use them. */
  clearFaults?(): void;
  /** How many requests so far could have sent email (a newsletter or segment in the query or the post). */
  emails?(): Promise<number>;
  /** A post made in Ghost's editor, holding the word `w` in its title and body. */
  createInGhost?(kind: 'koenig' | 'mobiledoc', w: string): Promise<string | undefined>;
  /** The site's time zone setting (IANA), in which a date written without a zone is meant. */
  timezone?: string;
  /** A newsletter of the site a file may name (`newsletter:`). */
  newsletter?: string;
  /** `pull --all --filter`: on a shared site, only this run's posts. */
  mirrorFilter?: string;
}

const WORD = /\bw\d+x\b/g;
const words = (s: string) => new Set(s.match(WORD) ?? []);
const ghostWords = (p: PostLike) => words(`${p.title} ${p.html ?? ''} ${p.lexical ?? ''} ${(p.tags ?? []).map((t) => t.name).join(' ')}`);

interface FileInfo { copyOf?: string }

/** The words a push of a file sends: its title and its body (not its other front matter keys). */
function fileWords(text: string): Set<string> {
  const fm = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!fm) { return words(text); }
  return words(`${/^title: (.*)$/m.exec(fm[1] ?? '')?.[1] ?? ''} ${text.slice(fm[0].length)}`);
}

/** The instant at which the clocks of `zone` show `local` (YYYY-MM-DDTHH:MM:SS): the oracle's own reading. */
export function instantIn(local: string, zone: string): number {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const shown = (t: number) => {
    const o: Record<string, number> = {};
    for (const x of fmt.formatToParts(new Date(t))) { o[x.type] = Number(x.value); }
    return Date.UTC(o.year ?? 0, (o.month ?? 1) - 1, o.day ?? 1, o.hour ?? 0, o.minute ?? 0, o.second ?? 0);
  };
  const wall = Date.parse(`${local}Z`);
  let t = wall;
  for (let i = 0; i < 3; i++) { t = wall - (shown(t) - t); }
  return t;
}

/** What the writer means by a file's `published_at` (a date without a zone is the site's time). */
function meantDate(text: string, zone: string): number | undefined {
  const v = /^published_at: *['"]?([^'"\n]+?)['"]? *$/m.exec(/^---\n[\s\S]*?\n---/.exec(text)?.[0] ?? '')?.[1];
  if (!v) { return undefined; }
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d)(:\d\d)?(Z|[+-]\d\d:?\d\d)?$/.exec(v.trim());
  if (!m) { return undefined; }
  return m[4] ? Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}${m[4]}`) : instantIn(`${m[1]}T${m[2]}${m[3] ?? ':00'}`, zone);
}

/** Ghost's version as far as a conflict is concerned: anything an edit there would change. */
const sig = (p: PostLike) => JSON.stringify([p.title, p.slug, p.lexical ?? null, p.mobiledoc ?? null, p.lexical || p.mobiledoc ? null : p.html ?? null,
  (p.tags ?? []).map((t) => t.name.toLowerCase()).sort(), p.status, p.published_at ?? null, p.custom_excerpt ?? null, p.feature_image ?? null]);

/**
 * A push made in a step, with the text pushed and what the engine answered (the CLI run whole
 * answers only an exit code: `cli`, success read as unchanged unless Ghost's version changed).
 */
interface Pushed { c: number; f: string; text: string; out: PublishOutcome | Error; force?: boolean; at?: number; cli?: boolean; asked?: boolean }

/** Runs one sequence; throws Violation (with the step) when the oracle finds a broken promise. */
export async function runSequence(ops: Op[], site: Site, log: (s: string) => void = () => undefined, opts: { forceAllowsLoss?: boolean; wide?: boolean; sendsAsked?: boolean } = {}): Promise<void> {
  const wide = !!opts.wide;
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-flow-'));
  const dirs = [path.join(root, 'c0'), path.join(root, 'c1')];
  for (const d of dirs) { await fs.mkdir(d); }
  const clients = dirs.map(() => GhostClient.withKey(parseSiteUrl(site.url), parseAdminKey(site.key), { userAgent: 'flow', sleep: async () => undefined, timeoutMs: 10_000, retries: 0 }));
  // Each clone's history of its files, as git keeps it: every version a file had there (the writer
  // commits after every step); carrying a file to the other clone brings its history along.
  const hist = dirs.map(() => new Map<string, string[]>());
  // The wide model keeps whole commits, and answers as `git log --follow` does (copies included).
  const git = dirs.map(() => new GitModel());
  const history = (i: number) => async (f: string) => (wide ? git[i]?.follow(path.relative(dirs[i] as string, f).split(path.sep).join('/')) ?? []
    : [...(hist[i]?.get(path.basename(f)) ?? [])].reverse());
  // And `git log --no-renames` of a path (the wide model's): whether the file there is the one pushed from it.
  const rel = (i: number, f: string) => path.relative(dirs[i] as string, f).split(path.sep).join('/');
  const pathHistory = (i: number): PathHistory | undefined => (wide ? { vacated: async (f) => git[i]?.vacated(rel(i, f)) ?? 0, versions: async (f) => git[i]?.versions(rel(i, f)) ?? [] } : undefined);
  // Each clone's computer clock, off Ghost's by `skew` ms.
  const skew = dirs.map(() => 0);
  const clock = (i: number) => () => site.now() + (skew[i] ?? 0);
  const ctxs: PublishContext[] = dirs.map((d, i) => ({
    client: clients[i] as GhostClient, state: new StateStore(d), now: clock(i), history: history(i), pathHistory: pathHistory(i),
  }));
  // The extension's store of each clone (one per workspace folder, kept while the window is open).
  const vscStates = dirs.map((d) => new StateStore(d));
  const info = dirs.map(() => new Map<string, FileInfo>());
  let wordNo = 0;
  const word = () => `w${++wordNo}x`;
  const file = (c: number, f: string) => path.join(dirs[c] as string, f);
  const readText = (c: number, f: string) => fs.readFile(file(c, f), 'utf8').catch(() => undefined);
  const postIds = async () => (await site.posts()).map((p) => p.id).sort();
  const zone = site.timezone ?? 'Etc/UTC';
  const year = new Date(site.now()).getUTCFullYear() + 2;
  /** The Markdown files of a clone, relative to it (the wide model has folders: posts/, archive/). */
  const listFiles = async (c: number): Promise<string[]> => {
    const d = dirs[c] as string;
    if (!wide) { return (await fs.readdir(d)).filter((n) => n.endsWith('.md')); }
    const out: string[] = [];
    const walk = async (rel: string) => {
      for (const e of await fs.readdir(path.join(d, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory() && !e.name.startsWith('.')) { await walk(r); } else if (e.isFile() && e.name.endsWith('.md')) { out.push(r); }
      }
    };
    await walk('');
    return out.sort();
  };
  // Every post some file has linked at some point: a file deleted or renamed over leaves its post behind, rightly.
  const seenLinks = new Set<string>();
  const seenBy = dirs.map(() => new Set<string>());
  // The wide model's bookkeeping: which file is which (a copy is another file; a move is the same
  // one), which file made each post, posts born in Ghost, and the texts Ghost's version is known to match.
  const idents = dirs.map(() => new Map<string, number>());
  const copyOf = new Map<number, number>();
  let identNo = 0;
  const postIdent = new Map<string, number>();
  const ghostBorn = new Set<string>();
  // `asked`: Ghost's status and date came from a command (Publish…, Schedule…), not from a text.
  const synced = new Map<string, { sig: string; texts: Set<string>; asked?: boolean }>();
  const pendingConflict = dirs.map(() => new Map<string, PostLike | undefined>());
  const scanLinks = async () => {
    for (const c of dirs.keys()) {
      const tree = new Map<string, string>();
      for (const name of await listFiles(c)) {
        const text = await fs.readFile(file(c, name), 'utf8');
        tree.set(name, text);
        const versions = hist[c]?.get(name) ?? [];
        if (versions[versions.length - 1] !== text) { versions.push(text); hist[c]?.set(name, versions); }
        const id = readLink(text)?.id;
        if (id) { seenLinks.add(id); }
        for (const w of words(text)) { seenBy[c]?.add(w); }
        if (!idents[c]?.has(name)) { idents[c]?.set(name, ++identNo); }
      }
      for (const name of [...(idents[c]?.keys() ?? [])]) { if (!tree.has(name)) { idents[c]?.delete(name); } }
      git[c]?.commit(tree);
    }
  };
  const fail = (i: number, msg: string) => { throw new Violation(`step ${i} (${JSON.stringify(ops[i])}): ${msg}`); };
  let pushes: Pushed[] = [];
  const caught = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

  const push = async (c: number, f: string, opts: { status?: 'draft' | 'published'; force?: boolean; ownership?: 'new' } = {}): Promise<PublishOutcome | Error> => {
    const text = await readText(c, f);
    if (text === undefined) { return new Error('no file'); }
    let out: PublishOutcome | Error;
    try {
      out = await publishFile(file(c, f), text, ctxs[c] as PublishContext, opts);
      if (out.kind === 'created') {
        // The sink: the link written into what is on disk now (as the extension and CLI do).
        await fs.writeFile(file(c, f), out.newText);
      }
    } catch (e) {
      out = caught(e);
    }
    pushes.push({ c, f, text, out, force: opts.force });
    return out;
  };

  /** A VS Code command's push (publishRunner.runPublish): the extension's store, git's history, the link written into the document. */
  const vscode = async (c: number, f: string, o: PublishOptions & { background?: boolean; onConflict?: 'overwrite'; shown?: string }, at?: number): Promise<PublishOutcome | Error | undefined> => {
    const text = await readText(c, f);
    if (text === undefined) { return undefined; }
    const ctx: PublishContext = {
      ...(ctxs[c] as PublishContext), state: vscStates[c] as StateStore,
      writeLink: async (_file, linked) => {
        const current = await readText(c, f);
        const link = readLink(linked);
        await fs.writeFile(file(c, f), current === text || current === undefined || !link ? linked : writeLink(current, link));
      },
    };
    let out: PublishOutcome | Error;
    try {
      out = await publishFile(file(c, f), text, ctx, o);
    } catch (e) {
      out = caught(e);
    }
    // A status or date the command gave (Publish…, Schedule…, Unpublish), not the file's.
    pushes.push({ c, f, text, out, force: o.force, at, asked: o.status !== undefined || o.publishedAt !== undefined });
    if (!(out instanceof Error) && out.kind === 'conflict') {
      if (o.background) {
        // A notification: nothing overwritten; its buttons stay until clicked.
        pendingConflict[c]?.set(f, out.server);
      } else if (o.onConflict === 'overwrite') {
        // settleConflict: the choice made, pushed again with force over the version shown (the
        // notification's, else this conflict's).
        const shown = o.shown ?? (out.server ? ghostFingerprint(out.server) : undefined);
        return vscode(c, f, { ...o, force: true, forceOver: shown, shown: undefined, onConflict: undefined }, at);
      }
      // Otherwise the modal's default button, “Decide later”.
    }
    return out;
  };

  /** The CLI's context and options for `publish` and `sync` as CI runs them (no --yes: no email). */
  const cliCtx = (c: number): PublishContext => ({
    client: clients[c] as GhostClient, state: new StateStore(dirs[c] as string), now: clock(c), frontMatterStatus: true, history: history(c), pathHistory: pathHistory(c),
    writeLink: (f, t) => fs.writeFile(f, t),
  });
  const cliOpts: PublishOptions = { confirmEmail: async () => false };
  const cliPublish = async (c: number, f: string): Promise<PublishOutcome | Error> => {
    const text = await readText(c, f);
    if (text === undefined) { return new Error('no file'); }
    const ctx = cliCtx(c);
    let out: PublishOutcome | Error;
    try {
      // As `publish`: a dry run first (no request for an unchanged file), then the push.
      const dry = await publishFile(file(c, f), text, ctx, { ...cliOpts, dryRun: true });
      out = dry.kind === 'dry-run' && dry.action !== 'none' ? await publishFile(file(c, f), text, ctx, cliOpts)
        : dry.kind === 'dry-run' ? { ...dry, kind: 'unchanged', id: dry.id ?? '' } : dry;
    } catch (e) {
      out = caught(e);
    }
    pushes.push({ c, f, text, out });
    return out;
  };

  // `#k`: the k-th of the clone's files as they are then (a mirror's, a copy's, whatever is there).
  const anyFile = async (o: Op): Promise<Op> => {
    if (!('f' in o) || !('c' in o) || !o.f.startsWith('#')) { return o; }
    const names = await listFiles(o.c);
    return names.length ? { ...o, f: names[Number(o.f.slice(1)) % names.length] as string } : o;
  };

  try {
    for (let i = 0; i < ops.length; i++) {
      const o = await anyFile(ops[i] as Op);
      await scanLinks();
      pushes = [];
      const before = await site.posts();
      const beforeById = new Map(before.map((p) => [p.id, p]));
      const emailsBefore = wide ? await site.emails?.() : undefined;
      const beforeFiles = new Map<string, string>();
      for (const c of dirs.keys()) {
        for (const name of await listFiles(c)) { beforeFiles.set(`${c}/${name}`, await fs.readFile(file(c, name), 'utf8')); }
      }
      let mayRemoveGhostWords = false;
      // Words Ghost may lose in this step besides the pusher's own: those of the version a writer saw and chose to overwrite.
      const mayLose = new Set<string>();
      let statusMayChange: Array<{ id?: string; to?: string }> | 'any' = [];
      let removedFiles: string[] = [];
      let emailAsked = false;
      const statusEntries: Array<{ c: number; state: string; file: string; id?: string }> = [];
      const explicitAt = new Map<string, number>();
      switch (o.op) {
        case 'write': {
          if (await readText(o.c, o.f) !== undefined) { break; }
          const w = word();
          await fs.writeFile(file(o.c, o.f), `---\ntitle: Title ${w}\nstatus: draft\ntags: [t${w}]\n---\nBody ${w}.\n`);
          info[o.c]?.set(o.f, {});
          break;
        }
        case 'editFile': {
          const text = await readText(o.c, o.f);
          if (text === undefined) { break; }
          const w = word();
          const next = o.part === 'title' ? text.replace(/^title: (.*)$/m, `title: $1 ${w}`)
            : o.part === 'tags' ? text.replace(/^tags: \[(.*)\]$/m, (_m, t: string) => `tags: [${t ? `${t}, ` : ''}t${w}]`)
              : `${text.replace(/\n*$/, '')}\n\nMore ${w}.\n`;
          await fs.writeFile(file(o.c, o.f), next);
          break;
        }
        case 'setStatus': {
          const text = await readText(o.c, o.f);
          if (text === undefined) { break; }
          await fs.writeFile(file(o.c, o.f), /^status:/m.test(text) ? text.replace(/^status: .*$/m, `status: ${o.status}`) : text.replace(/^---\n/, `---\nstatus: ${o.status}\n`));
          break;
        }
        case 'push': {
          const text = await readText(o.c, o.f);
          const link = text ? readLink(text) : undefined;
          if (o.force && opts.forceAllowsLoss !== false) { mayRemoveGhostWords = true; }
          if (o.status) { statusMayChange = [{ id: link?.id ?? 'new', to: o.status }]; }
          const out = await push(o.c, o.f, { status: o.status, force: o.force });
          log(`  ${JSON.stringify(o)} → ${out instanceof Error ? `error: ${out.message}` : out.kind}`);
          if (!(out instanceof Error) && o.status && out.kind === 'created') { statusMayChange = [{ id: out.post.id, to: o.status }]; }
          if (o.again && !(out instanceof Error) && ['created', 'updated', 'unchanged'].includes(out.kind) && !(out.kind === 'created' && out.incomplete)) {
            const writes = () => (ctxs[o.c] as PublishContext).client.http.stats.writes;
            const n = writes();
            const again = await push(o.c, o.f, {});
            if (again instanceof Error || again.kind !== 'unchanged' || writes() !== n) {
              fail(i, `a second push of what was just pushed was not a no-op (${again instanceof Error ? again.message : again.kind}, ${writes() - n} writes)`);
            }
          }
          break;
        }
        case 'pushCli': {
          const text = await readText(o.c, o.f);
          if (text === undefined) { break; }
          const link = readLink(text);
          const fmStatus = /^status: (\w+)$/m.exec(text)?.[1];
          statusMayChange = [{ id: link?.id ?? 'new', to: fmStatus }];
          const cwd = process.cwd();
          const write = process.stderr.write.bind(process.stderr);
          let err = '';
          process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
          let code: number;
          try {
            process.chdir(dirs[o.c] as string);
            code = await cli(['publish', o.f], { GHOST_URL: site.url, GHOST_ADMIN_API_KEY: site.key }, () => undefined);
          } finally {
            process.chdir(cwd);
            process.stderr.write = write;
          }
          log(`  ${JSON.stringify(o)} → exit ${code} ${err.trim().slice(0, 200)}`);
          const id = readLink(await readText(o.c, o.f) ?? '')?.id;
          if (code === 0 && id) { pushes.push({ c: o.c, f: o.f, text, out: { kind: 'unchanged', id, file: o.f, title: '', warnings: [], uploaded: 0 }, cli: true }); }
          break;
        }
        case 'pull': {
          const ids = await postIds();
          const id = ids[o.post % Math.max(1, ids.length)];
          if (!id) { break; }
          if (o.to) {
            if (await readText(o.c, o.to) !== undefined) { break; }
            const pulled = await pullPost(id, ctxs[o.c] as PublishContext, { file: file(o.c, o.to) });
            await fs.writeFile(file(o.c, o.to), pulled.text);
            info[o.c]?.set(o.to, {});
            if (wide) { idents[o.c]?.set(o.to, ++identNo); pushes.push({ c: o.c, f: o.to, text: pulled.text, out: { kind: 'unchanged', id, file: o.to, title: pulled.post.title, warnings: [], uploaded: 0 } }); }
          } else {
            await pullPost(id, ctxs[o.c] as PublishContext, {});
          }
          break;
        }
        case 'copy': {
          const text = await readText(o.c, o.f);
          if (text === undefined || await readText(o.c, o.to) !== undefined) { break; }
          const w = word();
          // A copy used as a template: new title and words.
          await fs.writeFile(file(o.c, o.to), text.replace(/^title: .*$/m, `title: Copy ${w}`).replace(/\n*$/, `\n\nCopy ${w}.\n`));
          info[o.c]?.set(o.to, { copyOf: o.f });
          if (wide) { idents[o.c]?.set(o.to, ++identNo); copyOf.set(identNo, idents[o.c]?.get(o.f) ?? 0); }
          break;
        }
        case 'saveAs': {
          const text = await readText(o.c, o.f);
          if (text === undefined || await readText(o.c, o.to) !== undefined) { break; }
          await fs.writeFile(file(o.c, o.to), text);
          info[o.c]?.set(o.to, { copyOf: o.f });
          idents[o.c]?.set(o.to, ++identNo);
          copyOf.set(identNo, idents[o.c]?.get(o.f) ?? 0);
          break;
        }
        case 'rename':
        case 'archive': {
          const to = o.op === 'rename' ? o.to : `archive/${o.f}`;
          const text = await readText(o.c, o.f);
          if (text === undefined || o.f === to || await readText(o.c, to) !== undefined) { break; }
          await fs.mkdir(path.dirname(file(o.c, to)), { recursive: true });
          await fs.rename(file(o.c, o.f), file(o.c, to));
          hist[o.c]?.set(to, hist[o.c]?.get(o.f) ?? []);
          hist[o.c]?.delete(o.f);
          info[o.c]?.set(to, info[o.c]?.get(o.f) ?? {});
          info[o.c]?.delete(o.f);
          // A copy of the file that moved is still its copy.
          if (wide) { for (const v of info[o.c]?.values() ?? []) { if (v.copyOf === o.f) { v.copyOf = to; } } }
          idents[o.c]?.set(to, idents[o.c]?.get(o.f) ?? ++identNo);
          idents[o.c]?.delete(o.f);
          removedFiles = [`${o.c}/${o.f}`];
          break;
        }
        case 'deleteFile':
          if (await readText(o.c, o.f) === undefined) { break; }
          await fs.rm(file(o.c, o.f));
          info[o.c]?.delete(o.f);
          removedFiles = [`${o.c}/${o.f}`];
          break;
        case 'clone': {
          // As git carries a file that was committed after its first push (two clones pushing the
          // same never-pushed file make two posts: nothing shared can tell them apart).
          const text = await readText(0, o.f);
          if (text === undefined || !readLink(text)) { break; }
          await fs.writeFile(file(1, o.f), text);
          info[1]?.set(o.f, {});
          hist[1]?.set(o.f, [...(hist[1]?.get(o.f) ?? []), ...(hist[0]?.get(o.f) ?? [])]);
          if (wide) { git[1]?.mergeFile(git[0] as GitModel, o.f); idents[1]?.set(o.f, idents[0]?.get(o.f) ?? ++identNo); }
          removedFiles = [`1/${o.f}`];
          break;
        }
        case 'cleanClone': {
          // Clone 1 is replaced by a fresh clone of clone 0 (its commits, no state). A file never
          // pushed is another file there (two clones' pushes of it make two posts, as above).
          await fs.rm(dirs[1] as string, { recursive: true, force: true });
          await fs.cp(dirs[0] as string, dirs[1] as string, { recursive: true, filter: (src) => path.basename(src) !== '.ghost-author' });
          git[1]?.cloneFrom(git[0] as GitModel);
          hist[1] = new Map([...(hist[0] ?? new Map<string, string[]>())].map(([k, v]) => [k, [...v]]));
          info[1] = new Map([...(info[0] ?? new Map<string, FileInfo>())].map(([k, v]) => [k, { ...v }]));
          const fresh = new Map<number, number>();
          idents[1] = new Map();
          for (const [name, id] of idents[0] ?? []) {
            const linked = readLink(await readText(0, name) ?? '');
            let mine = id;
            if (!linked) { mine = ++identNo; fresh.set(id, mine); }
            idents[1].set(name, mine);
          }
          for (const [copy, orig] of [...copyOf]) { if (fresh.has(copy)) { copyOf.set(fresh.get(copy) as number, fresh.get(orig) ?? orig); } }
          pendingConflict[1]?.clear();
          skew[1] = 0;
          removedFiles = [...beforeFiles.keys()].filter((k) => k.startsWith('1/'));
          break;
        }
        case 'editGhost': {
          const p = before[o.post % Math.max(1, before.length)];
          if (!p) { break; }
          const w = word();
          if (o.part === 'status') {
            statusMayChange = 'any';
            await site.edit(p.id, (cur) => ({ status: cur.status === 'draft' ? 'published' : 'draft' }));
          } else {
            await site.edit(p.id, (cur) => (o.part === 'title' ? { title: `${cur.title} ${w}` }
              : o.part === 'tags' ? { tags: [...(cur.tags ?? []).map((t) => ({ name: t.name })), { name: `t${w}` }] as never }
                : { html: `${cur.html ?? ''}<p>Ghost ${w}.</p>` }));
          }
          break;
        }
        case 'deleteGhost': {
          const p = before[o.post % Math.max(1, before.length)];
          if (!p) { break; }
          await site.remove(p.id);
          mayRemoveGhostWords = true;
          break;
        }
        case 'lostAnswer': {
          if (!site.loseNextAnswer()) { break; }
          if (o.searchFails && !site.failNextSearch?.()) { site.clearFaults?.(); break; }
          const out = await push(o.c, o.f);
          if (wide) { site.clearFaults?.(); }
          log(`  ${JSON.stringify(o)} → ${out instanceof Error ? `error: ${out.message}` : out.kind}`);
          break;
        }
        case 'loseState':
          await fs.rm(path.join(dirs[o.c] as string, '.ghost-author'), { recursive: true, force: true });
          break;
        case 'tick':
          await site.tick(o.ms);
          break;
        case 'skew':
          skew[o.c] = o.ms;
          break;
        case 'frontMatter': {
          const text = await readText(o.c, o.f);
          if (text === undefined || !/^---\n/.test(text)) { break; }
          const fm = (k: string, v: string) => (new RegExp(`^${k}:.*$`, 'm').test(text) ? text.replace(new RegExp(`^${k}:.*$`, 'm'), `${k}: ${v}`) : text.replace(/^---\n/, `---\n${k}: ${v}\n`));
          let next = text;
          if (o.what === 'newsletter') {
            if (!site.newsletter) { break; }
            next = fm('newsletter', site.newsletter);
          } else if (o.what === 'date') {
            const hour = (o.hour ?? 9) < 4 ? (o.hour ?? 9) + 8 : o.hour ?? 9;
            next = fm('published_at', `${year}-${String(o.month ?? 3).padStart(2, '0')}-01 ${String(hour).padStart(2, '0')}:00`);
          } else if (o.what === 'slug') {
            next = fm('slug', 'My Trip');
          } else if (o.what === 'dupTags') {
            const w = word();
            next = text.replace(/^tags: \[(.*)\]$/m, (_m, t: string) => `tags: [${t ? `${t}, ` : ''}News${w.slice(1, -1)}, news${w.slice(1, -1)}]`);
          } else {
            next = `${text.replace(/\n*$/, '')}\n\nSee [the about page](/about/).\n`;
          }
          await fs.writeFile(file(o.c, o.f), next);
          break;
        }
        case 'vscode': {
          const text = await readText(o.c, o.f);
          if (text === undefined) { break; }
          const link = readLink(text)?.id ?? 'new';
          const cmds = {
            // Push Content: no status, no email.
            push: () => vscode(o.c, o.f, {}),
            // Publish…: the newsletter picked in the quick pick ('' = site only), the email confirmed in its dialog.
            publish: () => vscode(o.c, o.f, { status: 'published', newsletter: o.send && site.newsletter ? site.newsletter : '', confirmEmail: async () => true }),
            // Schedule…: the input box pre-filled with the file's date (else tomorrow, this computer's time), accepted as shown.
            schedule: async () => {
              // The input box pre-filled with the file's date as written (else tomorrow on the site's
              // clock), accepted as shown; the command reads it on the site's clock.
              const meta = prepareDocument(file(o.c, o.f), text).meta;
              // The command's own pre-fill and reading (scheduleShown, readWhen), as the dialog uses them.
              const shown = o.at ?? scheduleShown(meta, zone, clock(o.c)());
              const read = await readWhen(shown, async () => zone);
              if ('error' in read) { return new Error(read.error); }
              // The date the writer means: one typed with its zone, the file's (in the site's zone), or the one shown.
              const meant = o.at ? Date.parse(o.at) : meantDate(text, zone) ?? Date.parse(read.iso);
              return vscode(o.c, o.f, { status: 'scheduled', publishedAt: read.iso }, meant);
            },
            unpublish: () => vscode(o.c, o.f, { status: 'draft' }),
            // Publish on save: in the background, never a status or an email; a conflict is a notification.
            save: () => vscode(o.c, o.f, { background: true }),
          };
          const to = { push: undefined, publish: 'published', schedule: 'scheduled', unpublish: 'draft', save: undefined }[o.cmd];
          if (to) { statusMayChange = [{ id: link, to }]; }
          emailAsked = o.cmd === 'publish' && !!o.send && opts.sendsAsked !== false;
          const out = await cmds[o.cmd]();
          if (out && !(out instanceof Error) && out.kind === 'created' && to) { statusMayChange = [{ id: out.post.id, to }, { id: 'new', to }]; }
          log(`  ${JSON.stringify(o)} → ${!out ? 'no file' : out instanceof Error ? `error: ${out.message}` : out.kind}`);
          break;
        }
        case 'clickOverwrite': {
          if (!pendingConflict[o.c]?.has(o.f)) { break; }
          const seen = pendingConflict[o.c]?.get(o.f);
          pendingConflict[o.c]?.delete(o.f);
          // The writer chose to overwrite the version the notification was about, and only that one.
          if (seen && opts.forceAllowsLoss !== false) { for (const w of ghostWords(seen)) { mayLose.add(w); } }
          const out = await vscode(o.c, o.f, { onConflict: 'overwrite', shown: seen ? ghostFingerprint(seen) : undefined });
          log(`  ${JSON.stringify(o)} → ${!out ? 'no file' : out instanceof Error ? `error: ${out.message}` : out.kind}`);
          break;
        }
        case 'tree': {
          const p = before[o.post % Math.max(1, before.length)];
          if (!p) { break; }
          // The Ghost view: its input box pre-filled with tomorrow on the site's clock, accepted.
          const at = o.status === 'scheduled' ? siteDateTime(clock(0)() + 864e5, zone) : undefined;
          if (at) { const read = await readWhen(at, async () => zone); if (!('error' in read)) { explicitAt.set(p.id, Date.parse(read.iso)); } }
          statusMayChange = [{ id: p.id, to: o.status }];
          try {
            await changeStatus({ client: clients[0] as GhostClient, state: vscStates[0] }, 'post', p.id, o.status, at);
          } catch (e) {
            log(`  ${JSON.stringify(o)} → error: ${caught(e).message}`);
          }
          break;
        }
        case 'together': {
          const text = await readText(o.c, o.f);
          if (text === undefined) { break; }
          const fmStatus = /^status: (\w+)$/m.exec(text)?.[1];
          statusMayChange = o.pair === 'cli+push' ? [{ id: readLink(text)?.id ?? 'new', to: fmStatus }] : [];
          // Both started before either is answered.
          const outs = await Promise.all([o.pair === 'save+push' ? vscode(o.c, o.f, { background: true }) : cliPublish(o.c, o.f), vscode(o.c, o.f, {})]);
          log(`  ${JSON.stringify(o)} → ${outs.map((x) => (!x ? 'no file' : x instanceof Error ? `error: ${x.message}` : x.kind)).join(' / ')}`);
          if (o.pair === 'cli+push') { statusMayChange = 'any'; }
          break;
        }
        case 'ghostNew': {
          const w = word();
          const id = await site.createInGhost?.(o.kind, w);
          if (id) { ghostBorn.add(id); }
          break;
        }
        case 'mirror': {
          // pull --all, as the CLI runs it.
          const ctx: PublishContext = { client: clients[o.c] as GhostClient, state: new StateStore(dirs[o.c] as string) };
          try {
            const res = await pullAll(dirs[o.c] as string, ctx, site.mirrorFilter ? { filter: site.mirrorFilter } : {});
            for (const w of res.written) {
              const text = await readText(o.c, w.file) ?? '';
              const p = (await site.posts()).find((x) => x.id === w.id);
              pushes.push({ c: o.c, f: w.file, text, out: { kind: 'unchanged', id: w.id, file: w.file, title: p?.title ?? '', warnings: [], uploaded: 0 } });
            }
            log(`  ${JSON.stringify(o)} → wrote ${res.written.map((w) => w.file).join(', ')}`);
          } catch (e) {
            log(`  ${JSON.stringify(o)} → error: ${caught(e).message}`);
          }
          break;
        }
        case 'ci': {
          const names = await listFiles(o.c);
          const allowed: Array<{ id?: string; to?: string }> = [];
          for (const n of names) {
            const t = await readText(o.c, n) ?? '';
            allowed.push({ id: readLink(t)?.id ?? 'new', to: /^status: (\w+)$/m.exec(t)?.[1] });
          }
          statusMayChange = allowed;
          if (o.cmd === 'publish') {
            const results: string[] = [];
            for (const n of names) {
              const out = await cliPublish(o.c, n);
              results.push(`${n}: ${out instanceof Error ? `error: ${out.message}` : out.kind}`);
            }
            log(`  ${JSON.stringify(o)} → ${results.join('; ')}`);
            break;
          }
          const ctx = cliCtx(o.c);
          try {
            const status = await folderStatus(dirs[o.c] as string, ctx);
            for (const e of status.entries) { if (e.file) { statusEntries.push({ c: o.c, state: e.state, file: e.file, id: e.id }); } }
            if (o.cmd === 'sync') {
              const texts = new Map<string, string>();
              for (const n of names) { texts.set(n, await readText(o.c, n) ?? ''); }
              const results = await applySync(dirs[o.c] as string, syncPlan(status), { ...ctx, published: status.published }, { writeFile: (f, t) => fs.writeFile(f, t) });
              for (const r of results) {
                const f = r.step.entry.file;
                if (!f || r.step.action === 'leave') { continue; }
                pushes.push({ c: o.c, f, text: texts.get(f) ?? '', out: r.outcome ?? new Error(r.error ?? 'failed') });
              }
              log(`  ${JSON.stringify(o)} → ${results.map((r) => `${r.step.entry.file ?? r.step.entry.id}: ${r.step.entry.state}${r.outcome ? ` → ${r.outcome.kind}` : r.error ? ` → error: ${r.error}` : ''}`).join('; ')}`);
            } else {
              log(`  ${JSON.stringify(o)} → ${status.entries.map((e) => `${e.file ?? e.id}: ${e.state}`).join('; ')}`);
            }
          } catch (e) {
            log(`  ${JSON.stringify(o)} → error: ${caught(e).message}`);
          }
          break;
        }
      }

      // The oracle.
      const after = await site.posts();
      const afterById = new Map(after.map((p) => [p.id, p]));
      if (!mayRemoveGhostWords) {
        // A push from a checkout may take out of Ghost only words that checkout's files held at
        // some point (a writer's own revert); any other word was made elsewhere and is an edit lost.
        const pusher = 'c' in o && ['push', 'pushCli', 'lostAnswer', 'vscode', 'clickOverwrite', 'together', 'ci'].includes(o.op) ? o.c : undefined;
        for (const p of before) {
          const now = afterById.get(p.id);
          if (!now) { fail(i, `post ${p.id} disappeared from Ghost`); continue; }
          const lost = [...ghostWords(p)].filter((w) => !ghostWords(now).has(w) && !(pusher !== undefined && seenBy[pusher]?.has(w)) && !mayLose.has(w));
          if (lost.length) { fail(i, `words ${lost.join(', ')} were removed from post ${p.id} in Ghost`); }
        }
      }
      for (const [key, text] of beforeFiles) {
        if (removedFiles.includes(key)) { continue; }
        const slash = key.indexOf('/');
        const c = key.slice(0, slash);
        const name = key.slice(slash + 1);
        const now = await readText(Number(c), name);
        if (now === undefined) { fail(i, `${key} disappeared`); continue; }
        const lost = [...words(text)].filter((w) => !words(now).has(w));
        if (lost.length && !(o.op === 'editFile' || o.op === 'setStatus' || o.op === 'write' || o.op === 'frontMatter')) { fail(i, `words ${lost.join(', ')} were removed from ${key}`); }
      }
      if (statusMayChange !== 'any') {
        const allowed = statusMayChange;
        for (const p of before) {
          const now = afterById.get(p.id);
          if (!now || now.status === p.status) { continue; }
          if (!allowed.some((a) => a.id === p.id && a.to === now.status)) {
            fail(i, `the status of ${p.id} changed from ${p.status} to ${now.status} without being asked`);
          }
        }
        for (const p of after) {
          if (!before.some((b) => b.id === p.id) && p.status !== 'draft' && !allowed.some((a) => a.id === 'new' || a.id === p.id)) {
            fail(i, `a post was created as ${p.status} without being asked`);
          }
        }
      }
      // A copy never changes the original's post while the original still links it.
      if ((o.op === 'push' || o.op === 'pushCli' || o.op === 'lostAnswer') && info[o.c]?.get(o.f)?.copyOf && !('force' in o && o.force)) {
        const origText = await readText(o.c, info[o.c]?.get(o.f)?.copyOf ?? '');
        const copyText = await readText(o.c, o.f);
        const origId = origText ? readLink(origText)?.id : undefined;
        const b = before.find((p) => p.id === origId);
        const a = afterById.get(origId ?? '');
        if (origId && copyText && readLink(copyText)?.id === origId && b && a && (a.title !== b.title || a.html !== b.html)) {
          fail(i, `pushing the copy ${o.f} changed the post of ${info[o.c]?.get(o.f)?.copyOf}`);
        }
      }
      if (wide) { await wideOracle(i, o); }
      await scanLinks();
      if (wide) { await track(o); }

      // The wide model's promises, after each step.
      async function wideOracle(i: number, o: Op): Promise<void> {
        // No email unless a confirmed send asked for it.
        const emailsAfter = await site.emails?.();
        if (emailsBefore !== undefined && emailsAfter !== undefined && emailsAfter > emailsBefore && !emailAsked) {
          fail(i, `${emailsAfter - emailsBefore} request(s) could send email, but no confirmed send asked for one`);
        }
        // A copy's own words never reach the original's post while the original (wherever it moved) still links it.
        for (const c of dirs.keys()) {
          const byIdent = new Map([...(idents[c] ?? [])].map(([name, id]) => [id, name]));
          for (const [name, id] of idents[c] ?? []) {
            const orig = byIdent.get(copyOf.get(id) ?? -1);
            if (!orig || pushes.some((x) => x.c === c && x.f === name && x.force)) { continue; }
            const copyBefore = beforeFiles.get(`${c}/${name}`);
            const origBefore = beforeFiles.get(`${c}/${orig}`) ?? (o.op === 'archive' && o.c === c ? beforeFiles.get(`${c}/${o.f}`) : undefined);
            const origNow = await readText(c, orig);
            const link = copyBefore && readLink(copyBefore)?.id;
            if (!copyBefore || !origBefore || !origNow || !link || readLink(origNow)?.id !== link) { continue; }
            const own = [...fileWords(copyBefore)].filter((w) => !words(origBefore).has(w));
            const b = beforeById.get(link);
            const a = afterById.get(link);
            const leaked = own.filter((w) => a && ghostWords(a).has(w) && !(b && ghostWords(b).has(w)));
            if (leaked.length) { fail(i, `the copy ${c}/${name} pushed its words ${leaked.join(', ')} into the post of ${c}/${orig}, which still links it`); }
          }
        }
        // Never two posts for one file.
        const linkedNow = new Map<string, number>();
        for (const c of dirs.keys()) {
          for (const name of await listFiles(c)) {
            const id = readLink(await readText(c, name) ?? '')?.id;
            const ident = idents[c]?.get(name);
            if (id && ident !== undefined && !linkedNow.has(id)) { linkedNow.set(id, ident); }
          }
        }
        const opIdent = 'c' in o && 'f' in o ? idents[o.c]?.get(o.f) : undefined;
        for (const p of after) {
          if (beforeById.has(p.id) || ghostBorn.has(p.id)) { continue; }
          const ident = linkedNow.get(p.id) ?? opIdent;
          if (ident === undefined) { continue; }
          const other = [...postIdent].find(([id, who]) => who === ident && id !== p.id && afterById.has(id));
          if (other) { fail(i, `two posts for one file: ${p.id} “${p.title}” was made while ${other[0]} “${afterById.get(other[0])?.title ?? ''}” of the same file is still in Ghost`); }
          postIdent.set(p.id, ident);
        }
        for (const x of pushes) {
          if (x.out instanceof Error) {
            continue;
          }
          const out = x.out;
          const id = out.kind === 'created' || out.kind === 'updated' ? out.post.id : out.kind === 'unchanged' || out.kind === 'conflict' ? out.id : undefined;
          const post = id ? afterById.get(id) : undefined;
          // No words of a file missing from Ghost after a push that reported success.
          if (post && (out.kind === 'created' || out.kind === 'updated' || out.kind === 'unchanged') && !(out.kind === 'created' && out.incomplete) && o.op !== 'pull' && o.op !== 'mirror') {
            const missing = [...fileWords(x.text)].filter((w) => !words(`${post.title} ${post.lexical ?? ''}`).has(w));
            if (missing.length) { fail(i, `${x.c}/${x.f} was pushed (${out.kind}) but Ghost's post ${post.id} lacks its words ${missing.join(', ')}`); }
          }
          // No false conflict: a file that descends from the text Ghost's version was pushed from or pulled into.
          if (out.kind === 'conflict') { falseConflict(i, x.c, x.f, out.id, 'a push', x.text); }
        }
        for (const e of statusEntries) {
          if ((e.state === 'conflict' || e.state === 'changed-in-ghost') && e.id) { falseConflict(i, e.c, e.file, e.id, `status (${e.state})`, await readText(e.c, e.file)); }
        }
        // No post published or scheduled at a time the writer did not see.
        for (const p of after) {
          const b = beforeById.get(p.id);
          if ((b && b.published_at === p.published_at) || !p.published_at || o.op === 'editGhost' || ghostBorn.has(p.id)) { continue; }
          const pusher = pushes.find((x) => !(x.out instanceof Error) && ('post' in x.out ? x.out.post.id : 'id' in x.out ? x.out.id : undefined) === p.id);
          const meant = explicitAt.get(p.id) ?? pusher?.at ?? (pusher ? meantDate(pusher.text, zone) : undefined);
          if (meant !== undefined && Math.abs(Date.parse(p.published_at) - meant) >= 1000) {
            fail(i, `post ${p.id} was given the date ${p.published_at}, but the writer meant ${new Date(meant).toISOString()}${pusher ? ` (${/^published_at:.*$/m.exec(pusher.text)?.[0] ?? 'no date in the file'}, site time zone ${zone})` : ''}`);
          }
        }
      }

      function falseConflict(i: number, c: number, f: string, id: string, what: string, text?: string): void {
        const s = synced.get(id);
        const b = beforeById.get(id);
        const ident = idents[c]?.get(f);
        if (!s || !b || s.sig !== sig(b) || ident === undefined || copyOf.has(ident) || o.op === 'together') { return; }
        // A status or date a command set elsewhere, and a file that changed its own since: two wishes, rightly asked.
        const intent = (t: string) => [/^status:.*$/m.exec(t)?.[0], /^published_at:.*$/m.exec(t)?.[0]].join('|');
        if (s.asked && text !== undefined && ![...s.texts].some((t) => intent(t) === intent(text))) { return; }
        const past = git[c]?.follow(f) ?? [];
        if (past.some((t) => s.texts.has(t))) {
          fail(i, `${what} called ${c}/${f} edited on both sides, but Ghost still holds what this file's own history pushed or pulled (nobody edited ${id} since)`);
        }
      }

      // What Ghost's versions now match: the texts just pushed or pulled, until anything else changes them.
      async function track(o: Op): Promise<void> {
        for (const p of after) {
          const s = synced.get(p.id);
          if (s && s.sig !== sig(p)) { synced.delete(p.id); }
        }
        if (o.op === 'together') { return; }
        for (const x of pushes) {
          if (x.out instanceof Error) { continue; }
          const out = x.out;
          if (!(out.kind === 'created' || out.kind === 'updated' || out.kind === 'unchanged') || (out.kind === 'created' && out.incomplete)) { continue; }
          const id = out.kind === 'unchanged' ? out.id : out.post.id;
          const p = afterById.get(id);
          const text = await readText(x.c, x.f);
          if (!p || !text || readLink(text)?.id !== id) { continue; }
          // A push sends tags only when the file changed them: Ghost may keep tags of its own.
          const tags = /^tags: \[(.*)\]$/m.exec(text)?.[1];
          const named = new Set((tags ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));
          const held = new Set((p.tags ?? []).map((t) => t.name.toLowerCase()));
          if (tags !== undefined && (named.size !== held.size || [...named].some((t) => !held.has(t)))) { continue; }
          const s = synced.get(id);
          const b = beforeById.get(id);
          const changed = !b || sig(b) !== sig(p);
          // “Unchanged” sent nothing: Ghost may hold edits this text lacks, so it proves nothing.
          const proves = out.kind !== 'unchanged' || o.op === 'pull' || o.op === 'mirror' || (x.cli && changed);
          if (!proves) { continue; }
          if (s && s.sig === sig(p) && !(x.cli && changed)) { s.texts.add(text); if (x.asked) { s.asked = true; } } else { synced.set(id, { sig: sig(p), texts: new Set([text]), asked: !!x.asked }); }
        }
      }
    }

    // Settle: every file pushed again with nothing in the way; then each post belongs to a file.
    const toldTitles = new Set<string>();
    for (const c of dirs.keys()) {
      for (const name of await listFiles(c)) {
        const out = await push(c, name);
        // Told the writer which posts it could be, rather than guess: those stay for the writer to pick.
        const told = out instanceof Error ? /posts titled “(.*)” made then/.exec(out.message)?.[1] : undefined;
        if (told) { toldTitles.add(told); }
      }
    }
    await scanLinks();
    // A post whose create was in doubt, made by a file the writer deleted since (or a checkout
    // thrown away): left behind with its file, as a linked post is, not a duplicate.
    const filesNow = new Set(idents.flatMap((m) => [...m.values()]));
    const fileGone = (id: string) => postIdent.has(id) && !filesNow.has(postIdent.get(id) as number);
    for (const p of await site.posts()) {
      if (!seenLinks.has(p.id) && !toldTitles.has(p.title) && !ghostBorn.has(p.id) && !fileGone(p.id)) {
        throw new Violation(`after settling, post ${p.id} “${p.title}” belongs to no file: a duplicate`);
      }
    }
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

/** Shrinks a failing sequence: drops operations one by one while it still fails. */
export async function shrink(ops: Op[], fails: (ops: Op[]) => Promise<boolean>): Promise<Op[]> {
  let cur = ops;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      const next = [...cur.slice(0, i), ...cur.slice(i + 1)];
      if (await fails(next)) { cur = next; changed = true; }
    }
  }
  return cur;
}
