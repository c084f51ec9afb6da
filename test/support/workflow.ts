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
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { main as cli } from '../../src/cli';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { PostLike } from '../../src/core/ghost/types';
import { readLink } from '../../src/core/content/link';
import { publishFile, pullPost, type PublishContext, type PublishOutcome } from '../../src/core/publish/engine';
import { StateStore } from '../../src/core/publish/state';
import { rng } from './fuzz/generate';

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
  | { op: 'lostAnswer'; c: number; f: string }
  | { op: 'loseState'; c: number }
  | { op: 'tick'; ms: number };

export function generate(seed: number, opts: { min?: number; max?: number; checkouts?: number; cli?: boolean; faults?: boolean } = {}): Op[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const min = opts.min ?? 5;
  const max = opts.max ?? 40;
  const n = min + Math.floor(r() * (max - min + 1));
  const checkouts = 1 + Math.floor(r() * (opts.checkouts ?? 2));
  const names = ['a.md', 'b.md', 'c.md'].slice(0, 1 + Math.floor(r() * 3));
  const c = () => Math.floor(r() * checkouts);
  const ops: Op[] = [{ op: 'write', c: 0, f: names[0] as string }, { op: 'push', c: 0, f: names[0] as string, again: false }];
  const table: Array<[number, () => Op]> = [
    [2, () => ({ op: 'write', c: c(), f: pick(names) })],
    [6, () => ({ op: 'editFile', c: c(), f: pick(names), part: pick(['body', 'body', 'title', 'tags'] as const) })],
    [1, () => ({ op: 'setStatus', c: c(), f: pick(names), status: pick(['draft', 'published'] as const) })],
    [8, () => ({ op: 'push', c: c(), f: pick(names), again: r() < 0.3, ...(r() < 0.08 ? { status: pick(['draft', 'published'] as const) } : {}), ...(r() < 0.04 ? { force: true } : {}) })],
    [opts.cli === false ? 0 : 2, () => ({ op: 'pushCli', c: c(), f: pick(names) })],
    [2, () => ({ op: 'pull', c: c(), post: Math.floor(r() * 4), ...(r() < 0.5 ? { to: `pulled${Math.floor(r() * 2)}.md` } : {}) })],
    [1, () => ({ op: 'copy', c: c(), f: pick(names), to: `copy${Math.floor(r() * 2)}.md` })],
    [1, () => ({ op: 'rename', c: c(), f: pick(names), to: pick(names) })],
    [0.5, () => ({ op: 'deleteFile', c: c(), f: pick(names) })],
    [checkouts > 1 ? 1 : 0, () => ({ op: 'clone', f: pick(names) })],
    [5, () => ({ op: 'editGhost', post: Math.floor(r() * 4), part: pick(['body', 'body', 'title', 'tags', 'status'] as const) })],
    [0.5, () => ({ op: 'deleteGhost', post: Math.floor(r() * 4) })],
    [opts.faults === false ? 0 : 1, () => ({ op: 'lostAnswer', c: c(), f: pick(names) })],
    [0.7, () => ({ op: 'loseState', c: c() })],
    [3, () => ({ op: 'tick', ms: Math.floor(r() * 1500) })],
  ];
  const total = table.reduce((s, [w]) => s + w, 0);
  while (ops.length < n) {
    let x = r() * total;
    for (const [w, make] of table) {
      x -= w;
      if (x < 0) { ops.push(make()); break; }
    }
  }
  return ops;
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
  /** Ghost's clock (the writer's computer is assumed to agree with it). */
  now(): number;
}

const WORD = /\bw\d+x\b/g;
const words = (s: string) => new Set(s.match(WORD) ?? []);
const ghostWords = (p: PostLike) => words(`${p.title} ${p.html ?? ''} ${p.lexical ?? ''} ${(p.tags ?? []).map((t) => t.name).join(' ')}`);

interface FileInfo { copyOf?: string }

/** Runs one sequence; throws Violation (with the step) when the oracle finds a broken promise. */
export async function runSequence(ops: Op[], site: Site, log: (s: string) => void = () => undefined, opts: { forceAllowsLoss?: boolean } = {}): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-flow-'));
  const dirs = [path.join(root, 'c0'), path.join(root, 'c1')];
  for (const d of dirs) { await fs.mkdir(d); }
  const clients = dirs.map(() => GhostClient.withKey(parseSiteUrl(site.url), parseAdminKey(site.key), { userAgent: 'flow', sleep: async () => undefined, timeoutMs: 10_000, retries: 0 }));
  // Each clone's history of its files, as git keeps it: every version a file had there (the writer
  // commits after every step); carrying a file to the other clone brings its history along.
  const hist = dirs.map(() => new Map<string, string[]>());
  const ctxs: PublishContext[] = dirs.map((d, i) => ({
    client: clients[i] as GhostClient, state: new StateStore(d), now: () => site.now(),
    history: async (f: string) => [...(hist[i]?.get(path.basename(f)) ?? [])].reverse(),
  }));
  const info = dirs.map(() => new Map<string, FileInfo>());
  let wordNo = 0;
  const word = () => `w${++wordNo}x`;
  const file = (c: number, f: string) => path.join(dirs[c] as string, f);
  const readText = (c: number, f: string) => fs.readFile(file(c, f), 'utf8').catch(() => undefined);
  const postIds = async () => (await site.posts()).map((p) => p.id).sort();
  // Every post some file has linked at some point: a file deleted or renamed over leaves its post behind, rightly.
  const seenLinks = new Set<string>();
  const seenBy = dirs.map(() => new Set<string>());
  const scanLinks = async () => {
    for (const [c, d] of dirs.entries()) {
      for (const name of (await fs.readdir(d)).filter((n) => n.endsWith('.md'))) {
        const text = await fs.readFile(path.join(d, name), 'utf8');
        const versions = hist[c]?.get(name) ?? [];
        if (versions[versions.length - 1] !== text) { versions.push(text); hist[c]?.set(name, versions); }
        const id = readLink(text)?.id;
        if (id) { seenLinks.add(id); }
        for (const w of words(text)) { seenBy[c]?.add(w); }
      }
    }
  };
  const fail = (i: number, msg: string) => { throw new Violation(`step ${i} (${JSON.stringify(ops[i])}): ${msg}`); };

  const push = async (c: number, f: string, opts: { status?: 'draft' | 'published'; force?: boolean; ownership?: 'new' } = {}): Promise<PublishOutcome | Error> => {
    const text = await readText(c, f);
    if (text === undefined) { return new Error('no file'); }
    try {
      const out = await publishFile(file(c, f), text, ctxs[c] as PublishContext, opts);
      if (out.kind === 'created') {
        // The sink: the link written into what is on disk now (as the extension and CLI do).
        await fs.writeFile(file(c, f), out.newText);
      }
      return out;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };

  try {
    for (let i = 0; i < ops.length; i++) {
      const o = ops[i] as Op;
      await scanLinks();
      const before = await site.posts();
      const beforeFiles = new Map<string, string>();
      for (const [c, d] of dirs.entries()) {
        for (const name of await fs.readdir(d)) {
          if (name.endsWith('.md')) { beforeFiles.set(`${c}/${name}`, await fs.readFile(path.join(d, name), 'utf8')); }
        }
      }
      let mayRemoveGhostWords = false;
      let statusMayChange: { id?: string; to?: string } | 'any' = {};
      let removedFiles: string[] = [];
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
          if (o.status) { statusMayChange = { id: link?.id ?? 'new', to: o.status }; }
          const out = await push(o.c, o.f, { status: o.status, force: o.force });
          log(`  ${JSON.stringify(o)} → ${out instanceof Error ? `error: ${out.message}` : out.kind}`);
          if (!(out instanceof Error) && o.status && out.kind === 'created') { statusMayChange = { id: out.post.id, to: o.status }; }
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
          statusMayChange = { id: link?.id ?? 'new', to: fmStatus };
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
          break;
        }
        case 'rename': {
          const text = await readText(o.c, o.f);
          if (text === undefined || o.f === o.to || await readText(o.c, o.to) !== undefined) { break; }
          await fs.rename(file(o.c, o.f), file(o.c, o.to));
          hist[o.c]?.set(o.to, hist[o.c]?.get(o.f) ?? []);
          hist[o.c]?.delete(o.f);
          info[o.c]?.set(o.to, info[o.c]?.get(o.f) ?? {});
          info[o.c]?.delete(o.f);
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
          removedFiles = [`1/${o.f}`];
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
          const out = await push(o.c, o.f);
          log(`  ${JSON.stringify(o)} → ${out instanceof Error ? `error: ${out.message}` : out.kind}`);
          break;
        }
        case 'loseState':
          await fs.rm(path.join(dirs[o.c] as string, '.ghost-author'), { recursive: true, force: true });
          break;
        case 'tick':
          await site.tick(o.ms);
          break;
      }

      // The oracle.
      const after = await site.posts();
      const afterById = new Map(after.map((p) => [p.id, p]));
      if (!mayRemoveGhostWords) {
        // A push from a checkout may take out of Ghost only words that checkout's files held at
        // some point (a writer's own revert); any other word was made elsewhere and is an edit lost.
        const pusher = 'c' in o && ['push', 'pushCli', 'lostAnswer'].includes(o.op) ? o.c : undefined;
        for (const p of before) {
          const now = afterById.get(p.id);
          if (!now) { fail(i, `post ${p.id} disappeared from Ghost`); continue; }
          const lost = [...ghostWords(p)].filter((w) => !ghostWords(now).has(w) && !(pusher !== undefined && seenBy[pusher]?.has(w)));
          if (lost.length) { fail(i, `words ${lost.join(', ')} were removed from post ${p.id} in Ghost`); }
        }
      }
      for (const [key, text] of beforeFiles) {
        if (removedFiles.includes(key)) { continue; }
        const [c = '0', name = ''] = key.split('/');
        const now = await readText(Number(c), name);
        if (now === undefined) { fail(i, `${key} disappeared`); continue; }
        const lost = [...words(text)].filter((w) => !words(now).has(w));
        if (lost.length && !(o.op === 'editFile' || o.op === 'setStatus' || o.op === 'write')) { fail(i, `words ${lost.join(', ')} were removed from ${key}`); }
      }
      if (statusMayChange !== 'any') {
        for (const p of before) {
          const now = afterById.get(p.id);
          if (!now || now.status === p.status) { continue; }
          if (statusMayChange.id !== p.id || statusMayChange.to !== now.status) {
            fail(i, `the status of ${p.id} changed from ${p.status} to ${now.status} without being asked`);
          }
        }
        for (const p of after) {
          if (!before.some((b) => b.id === p.id) && p.status !== 'draft' && !(statusMayChange.id === 'new' || statusMayChange.id === p.id) ) {
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
      await scanLinks();
    }

    // Settle: every file pushed again with nothing in the way; then each post belongs to a file.
    const toldTitles = new Set<string>();
    for (const [c, d] of dirs.entries()) {
      for (const name of (await fs.readdir(d)).filter((n) => n.endsWith('.md')).sort()) {
        const out = await push(c, name);
        // Told the writer which posts it could be, rather than guess: those stay for the writer to pick.
        const told = out instanceof Error ? /posts titled “(.*)” made then/.exec(out.message)?.[1] : undefined;
        if (told) { toldTitles.add(told); }
      }
    }
    await scanLinks();
    for (const p of await site.posts()) {
      if (!seenLinks.has(p.id) && !toldTitles.has(p.title)) {
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
