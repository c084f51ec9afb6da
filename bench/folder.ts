/**
 * A folder of 1,000 Markdown files against a real Ghost 6 holding exactly their 1,000 posts:
 * status (with this clone's records, and without: CI), a sync with nothing to send, pull --all.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAdminKey } from '../src/core/ghost/adminKey';
import { GhostClient } from '../src/core/ghost/client';
import { parseSiteUrl } from '../src/core/ghost/siteUrl';
import { writeFileAtomic } from '../src/core/fsutil';
import type { PublishContext } from '../src/core/publish/engine';
import { applySync, folderStatus, pullAll, syncPlan } from '../src/core/publish/folder';
import { StateStore } from '../src/core/publish/state';
import { startGhost } from '../test/support/ghost/server';

type Row = [string, string, string, string];

const FILES = 1000;

const body = (i: number) => `A post of the folder, number ${i}, with **some** words.\n\n## A section\n\n${'More words of a post of ordinary length, written in Markdown. '.repeat(12)}\n\n- one\n- two\n`;

export async function folderRows(): Promise<Row[]> {
  const g = await startGhost({ major: 6 });
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-bench-folder-'));
  try {
    const client = () => GhostClient.withKey(parseSiteUrl(g.url), parseAdminKey(g.integrationKey), { userAgent: 'bench' });
    const c = client();
    // Exactly the folder's posts: what a fresh site starts with goes first.
    for (const t of ['posts', 'pages'] as const) {
      const ids: string[] = [];
      for await (const p of c.resource(t).all({ fields: ['id'] })) { ids.push(p.id); }
      for (const id of ids) { await c.resource(t).delete(id); }
    }
    const dir = path.join(root, 'site');
    for (let i = 1; i <= FILES; i++) {
      await fs.mkdir(path.join(dir, `year-${2000 + (i % 20)}`), { recursive: true });
      await fs.writeFile(path.join(dir, `year-${2000 + (i % 20)}`, `post-${i}.md`), `---\ntitle: Folder post ${i}\ntags: [bench, t${i % 10}]\n---\n${body(i)}`);
    }
    const ctx: PublishContext = { client: c, state: new StateStore(dir), frontMatterStatus: true };
    let t = performance.now();
    const created = await applySync(dir, syncPlan(await folderStatus(dir, ctx)), ctx, { writeFile: writeFileAtomic });
    const createMs = performance.now() - t;
    const failed = created.filter((r) => r.error || r.outcome?.kind !== 'created').length;
    if (failed) { throw new Error(`${failed} of ${FILES} files were not created`); }

    const measure = async (state: StateStore) => {
      const cl = client();
      const cx: PublishContext = { client: cl, state, frontMatterStatus: true };
      const start = performance.now();
      const s = await folderStatus(dir, cx);
      return { s, ms: performance.now() - start, cx, cl };
    };
    // Ghost is still busy with the thousand posts just made: the median of three runs.
    const runs = [await measure(new StateStore(dir)), await measure(new StateStore(dir)), await measure(new StateStore(dir))].sort((a, b) => a.ms - b.ms);
    const warm = runs[1] as Awaited<ReturnType<typeof measure>>;
    const inSync = warm.s.entries.filter((e) => e.state === 'in-sync').length;
    const cold = await measure(new StateStore(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-bench-nostate-'))));
    const coldInSync = cold.s.entries.filter((e) => e.state === 'in-sync').length;

    const sync = await measure(new StateStore(dir));
    const stats = (sync.cl as unknown as { http: { stats: { requests: number; writes: number } } }).http.stats;
    const before = { ...stats };
    t = performance.now();
    await applySync(dir, syncPlan(sync.s), sync.cx, { writeFile: writeFileAtomic });
    const syncMs = performance.now() - t + sync.ms;

    const mirror = path.join(root, 'mirror');
    const pc = client();
    t = performance.now();
    const pulled = await pullAll(mirror, { client: pc, state: new StateStore(mirror) });
    const pullMs = performance.now() - t;
    const pullRequests = (pc as unknown as { http: { stats: { requests: number; bytesReceived: number } } }).http.stats;

    const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      [`status, ${FILES} files against ${FILES} posts: requests / bytes / time`, `${warm.s.requests} / ${kb(warm.s.bytesReceived)} / ${s(warm.ms)}`, '', `target ≤ 11 requests; ${inSync} in sync; median of 3`],
      ['the same status with no records here (a fresh clone, CI)', `${cold.s.requests} / ${kb(cold.s.bytesReceived)} / ${s(cold.ms)}`, '', `each post's mark read, 50 to a request; ${coldInSync} in sync`],
      [`sync of ${FILES} unchanged files: writes / requests / time`, `${stats.writes - before.writes} / ${sync.s.requests + stats.requests - before.requests} / ${s(syncMs)}`, '', 'target 0 writes'],
      [`first sync: ${FILES} new files created`, s(createMs), '', '4 at a time'],
      [`pull --all: ${pulled.written.length} posts into an empty folder`, `${s(pullMs)} / ${pullRequests.requests} requests / ${kb(pullRequests.bytesReceived)}`, '', 'pages of 100, with their Lexical'],
    ];
  } finally {
    await g.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
}
