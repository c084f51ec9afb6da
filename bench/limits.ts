/**
 * `node out/bench/limits.js`: what a hostile site costs Ghost Author, against the hostile fake
 * Ghost of the tests. Each figure comes from a child process of its own (its peak RSS is the
 * process's): a 300 MB list reply, a 1.5 GB image pulled with `pull --all --images`, a list whose
 * `next` never ends (with a total it passes, with a total that grows with every page, and with a
 * total of a billion, up to the page ceiling), and a reply trickling one byte every 5 s (with the default limits: 30 s idle,
 * 120 s in all). LIMITS_OUT=<another build's out folder> measures that build instead (e.g. one
 * from before the limits), for the scenarios that end there.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { keyString } from '../test/support/fake/fakeGhost';
import { HostileGhost } from '../test/support/fake/hostileGhost';

const MB = 1024 * 1024;
type Scenario = 'list300MB' | 'image1500MB' | 'endlessTotal' | 'endlessGrowing' | 'endlessHugeTotal' | 'trickle';
interface Result { scenario: Scenario; ok: boolean; message: string; ms: number; peakRssMB: number; requests?: number; written?: number }

async function child(scenario: Scenario, site: string, key: string, dir: string): Promise<void> {
  const out = process.env.LIMITS_OUT ?? path.join(__dirname, '..');
  const load = async <T>(m: string) => (await import(pathToFileURL(path.join(out, m)).href)) as T;
  const { GhostClient } = await load<typeof import('../src/core/ghost/client')>('src/core/ghost/client.js');
  const { parseSiteUrl } = await load<typeof import('../src/core/ghost/siteUrl')>('src/core/ghost/siteUrl.js');
  const { StateStore } = await load<typeof import('../src/core/publish/state')>('src/core/publish/state.js');
  const { pullAll } = await load<typeof import('../src/core/publish/folder')>('src/core/publish/folder.js');
  const [id, secret] = key.split(':') as [string, string];
  const client = GhostClient.withKey(parseSiteUrl(site), { id, secret }, { userAgent: 'limits-bench' });
  const started = performance.now();
  let ok = true;
  let message = '';
  let written: number | undefined;
  try {
    switch (scenario) {
      case 'list300MB':
      case 'trickle': {
        const res = await client.posts.browse({ limit: 100 });
        message = `${res.items.length} posts read`;
        break;
      }
      case 'endlessTotal':
      case 'endlessGrowing':
      case 'endlessHugeTotal': {
        let n = 0;
        for await (const p of client.posts.all({ fields: ['id', 'title', 'slug', 'status', 'updated_at'] })) { n += p.id ? 1 : 0; }
        message = `${n} posts read`;
        break;
      }
      case 'image1500MB': {
        const logs: string[] = [];
        const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => { logs.push(m); }, error: (m: string) => { logs.push(m); } };
        const res = await pullAll(dir, { client, state: new StateStore(dir), logger: logger as never }, { images: true });
        written = res.written.length;
        const images = await fs.readdir(path.join(dir, 'images'), { recursive: true }).catch(() => [] as string[]);
        message = `${res.written.length} post written; images folder: ${images.length ? images.join(', ') : 'empty'}${logs.length ? `; ${logs.join(' ')}` : ''}`;
        break;
      }
    }
  } catch (e) {
    ok = false;
    message = e instanceof Error ? e.message : String(e);
  }
  const result: Result = { scenario, ok, message, ms: Math.round(performance.now() - started), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), written };
  process.send?.(result);
}

function run(scenario: Scenario, h: HostileGhost, dir: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['child', scenario, h.url, keyString(h.fake.adminKey), dir], { stdio: 'inherit' });
    c.on('message', (m) => resolve(m as Result));
    c.on('exit', (code) => { if (code) { reject(new Error(`${scenario}: the child ended with ${code}`)); } });
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2) as Scenario[];
  const all: Scenario[] = ['list300MB', 'image1500MB', 'endlessTotal', 'endlessGrowing', 'endlessHugeTotal', 'trickle'];
  const rows: string[] = [];
  for (const scenario of only.length ? only : all) {
    const h = await new HostileGhost().start();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-limits-'));
    try {
      switch (scenario) {
        case 'list300MB': h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 300 * MB }); break;
        case 'image1500MB': {
          const [post] = h.fake.seed('posts', 1);
          if (post) { post.lexical = null; post.html = `<p><img src="${h.url}/content/images/2026/01/big.png" alt="big"></p>`; }
          h.on((r) => r.path === '/content/images/2026/01/big.png', { kind: 'bigImage', bytes: 1536 * MB });
          break;
        }
        case 'endlessTotal': h.endless('posts', 100, 1000); break;
        case 'endlessGrowing': h.endless('posts', 100, null); break;
        case 'endlessHugeTotal': h.endless('posts', 100, 1e9); break;
        case 'trickle': h.on(/GET .*\/posts\/$/, { kind: 'trickle', everyMs: 5000 }); break;
      }
      const r = await run(scenario, h, dir);
      const requests = h.seen.filter((q) => /\/posts\/$/.test(q.path) || q.path.includes('/content/images/')).length;
      rows.push(`| ${scenario} | ${r.peakRssMB} MB | ${(r.ms / 1000).toFixed(1)} s | ${requests} | ${r.ok ? 'read' : 'refused'}: ${r.message.replace(/\|/g, '\\|').slice(0, 220)} |`);
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    } finally {
      await h.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`\n| scenario | peak RSS | time | requests | outcome |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

if (process.argv[2] === 'child') {
  void child(process.argv[3] as Scenario, process.argv[4] as string, process.argv[5] as string, process.argv[6] as string);
} else {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
