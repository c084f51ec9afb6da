/**
 * A site with 10,000 posts (the fake Ghost: a real one takes too long to fill): the list as the
 * tree asks for it against a default browse, the heap after 50 pages, and the figures measured
 * inside the VS Code host by the last `npm run test:host` (out/large-site-metrics.json).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { GhostClient } from '../src/core/ghost/client';
import { parseSiteUrl } from '../src/core/ghost/siteUrl';
import type { PostLike } from '../src/core/ghost/types';
import { LIST_FIELDS } from '../src/views/fields';
import { FakeGhost, keyString } from '../test/support/fake/fakeGhost';
import { officialClient } from './official';

type Row = [string, string, string, string];

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2] ?? 0;
}

function heap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

export async function largeSiteRows(): Promise<Row[]> {
  const ghost = await new FakeGhost().start();
  try {
    ghost.seed('posts', 10_000, (i) => (i % 10 === 0 ? 'draft' : 'published'));
    const key = keyString(ghost.adminKey);
    const ours = GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 'bench' });
    const filter = 'status:[published,sent]';
    const theirs = officialClient(ghost.url, key);
    const oursPage = () => ours.posts.browse({ limit: 25, fields: LIST_FIELDS, filter, order: 'published_at desc' });
    const theirsPage = () => theirs.api.posts.browse({ limit: 25, filter, order: 'published_at desc' });
    // One request each first (token, connection), then the median of 5.
    await oursPage();
    await theirsPage();
    const bytes0 = ours.http.stats.bytesReceived;
    const theirBytes0 = theirs.stats.bytesReceived;
    const oursMs = await median(oursPage);
    const theirsMs = await median(theirsPage);
    const oursBytes = (ours.http.stats.bytesReceived - bytes0) / 5;
    const theirBytes = (theirs.stats.bytesReceived - theirBytes0) / 5;

    const kept: PostLike[] = [];
    const before = heap();
    for (let page = 1; page <= 50; page++) {
      const res = await ours.posts.browse({ limit: 25, page, fields: LIST_FIELDS, filter, order: 'published_at desc' });
      kept.push(...res.items);
    }
    const grown = heap() - before;
    const rows: Row[] = [
      ['10,000-post site: first page of 25 (time / bytes)', `${oursMs.toFixed(0)} ms / ${oursBytes} B`, `${theirsMs.toFixed(0)} ms / ${theirBytes} B`, 'one request each, median of 5'],
      ['10,000-post site: heap kept for 50 pages (1,250 items)', `${(grown / 1048576).toFixed(2)} MB`, '', `${kept.length} items, list fields only`],
    ];
    const metrics = path.resolve(__dirname, '..', 'large-site-metrics.json');
    if (fs.existsSync(metrics)) {
      const m = JSON.parse(fs.readFileSync(metrics, 'utf8')) as { firstPageMs: number; firstPageBytes: number; heapAfter50PagesMb: number; heapGrowthMb: number; at: string };
      rows.push(['10,000-post site in the VS Code tree: first page, 3 groups (last test:host)', `${m.firstPageMs.toFixed(0)} ms / ${m.firstPageBytes} B`, '', m.at]);
      rows.push(['10,000-post site in the VS Code tree: host heap after 50 pages', `${m.heapAfter50PagesMb.toFixed(1)} MB (+${m.heapGrowthMb.toFixed(1)} MB)`, '', 'whole extension host, after a full GC']);
    }
    return rows;
  } finally {
    await ghost.stop();
  }
}
