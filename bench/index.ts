/**
 * `npm run bench`: Ghost Author's client and engine against the same work done with the official
 * @tryghost/admin-api, in the same run, against a real Ghost 6 started by the test harness.
 * Counts requests, bytes and tokens; times are medians of repeated runs on this machine.
 */
import { parseAdminKey } from '../src/core/ghost/adminKey';
import type { KeyAuth } from '../src/core/ghost/auth';
import { GhostClient } from '../src/core/ghost/client';
import { parseSiteUrl } from '../src/core/ghost/siteUrl';
import { LIST_FIELDS } from '../src/views/fields';
import { officialClient } from './official';
import { publishBench } from './publish';
import { activationRows } from './activation';
import { largeSiteRows } from './largeSite';
import { folderRows } from './folder';
import { seedDemoContent } from '../test/support/ghost/seed';
import { startGhost, stopAll, type GhostServer } from '../test/support/ghost/server';

const rows: Array<[string, string, string, string]> = [];
function row(what: string, ours: number | string, theirs: number | string, note = ''): void {
  rows.push([what, String(ours), String(theirs), note]);
}

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) { const i = next++; await fn(i); }
  }));
}

async function tokens(g: GhostServer): Promise<void> {
  const N = 1000;
  const ours = GhostClient.withKey(parseSiteUrl(g.url), parseAdminKey(g.integrationKey), { userAgent: 'bench' });
  await pool(N, 8, () => ours.posts.browse({ limit: 1, fields: ['id'] }));
  const theirs = officialClient(g.url, g.integrationKey);
  await pool(N, 8, () => theirs.api.posts.browse({ limit: 1, fields: 'id' }));
  row(`tokens signed for ${N} requests`, (ours.http.auth as KeyAuth).signer.signed, theirs.stats.tokens, 'target: 1 per 5-minute lifetime');
}

async function listBytes(g: GhostServer): Promise<void> {
  const ours = GhostClient.withKey(parseSiteUrl(g.url), parseAdminKey(g.integrationKey), { userAgent: 'bench' });
  await ours.posts.browse({ limit: 15, fields: LIST_FIELDS, filter: 'status:[published,sent]', order: 'published_at desc' });
  const theirs = officialClient(g.url, g.integrationKey);
  await theirs.api.posts.browse({ limit: 15, filter: 'status:[published,sent]', order: 'published_at desc' });
  const ratio = theirs.stats.bytesReceived / ours.http.stats.bytesReceived;
  row('bytes for one page of 15 posts in the list', ours.http.stats.bytesReceived, theirs.stats.bytesReceived, `${ratio.toFixed(1)}× fewer (target ≥ 20×)`);
}

async function main(): Promise<void> {
  const g = await startGhost({ major: 6 });
  try {
    await seedDemoContent(g);
    // More published posts with bodies of a realistic size, so a page is full.
    const body = `<p>${'A sentence of a long-form post, with some words in it. '.repeat(60)}</p>`.repeat(8);
    const official = officialClient(g.url, g.integrationKey);
    for (let i = 0; i < 20; i++) {
      await official.api.posts.add({ title: `Bench post ${i + 1}`, html: body, status: 'published', tags: [{ name: 'Bench' }] }, { source: 'html' });
    }
    await tokens(g);
    await listBytes(g);
    rows.push(...await publishBench(g));
    rows.push(...activationRows());
    rows.push(...await largeSiteRows());
    rows.push(...await folderRows());
  } finally {
    await stopAll();
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['measure', 'Ghost Author', '@tryghost/admin-api', ''], ...rows].map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  process.stdout.write(`\n${line(['measure', 'Ghost Author', '@tryghost/admin-api', ''])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
