/**
 * At least 1,000 generated hostile replies per run, seeded and reproducible (REPLY_FUZZ_SEED=n
 * replays a run), against list (--all), pull, pull --all (with images) and status, through the real
 * client over HTTP: every failure is a GhostAuthorError (a message that says what happened), no
 * unhandled rejection, nothing written outside the output folder (and no link in it), and the heap
 * after the run is about what it was before. REPLY_FUZZ_WHY=1 prints each refusal's message.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { pullToFile } from '../../src/cli/pull';
import { GhostClient } from '../../src/core/ghost/client';
import { GhostAuthorError } from '../../src/core/ghost/errors';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { Logger } from '../../src/core/log';
import type { PublishContext } from '../../src/core/publish/engine';
import { folderStatus, pullAll } from '../../src/core/publish/folder';
import { StateStore } from '../../src/core/publish/state';
import { PNG_1x1 } from '../support/fake/hostileGhost';
import { ReplyGen, type Reply } from '../support/fuzz/replies';

const SEED = Number(process.env.REPLY_FUZZ_SEED ?? 20261207);
const CASES = 1000;
const SLOTS = 4;
const OPS = ['list', 'pull', 'pullAll', 'status'] as const;
const MB = 1024 * 1024;

function heap(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** One server per slot, answering whatever its current case generates. */
class Slot {
  gen: ReplyGen | undefined;
  url = '';
  private readonly server = http.createServer((req, res) => { req.resume(); this.answer(req, res); });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const g = this.gen;
    const url = new URL(req.url ?? '/', 'http://x');
    if (!g) { res.writeHead(500); res.end(); return; }
    let reply: Reply;
    if (url.pathname.startsWith('/content/images/')) {
      reply = g.pick<Reply>([
        { status: 200, headers: { 'Content-Type': 'image/png' }, body: PNG_1x1 },
        { status: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from(g.junk(200), 'latin1') },
        { status: 200, headers: { 'Content-Type': 'image/svg+xml' }, body: Buffer.from('<svg/>') },
        { status: 302, headers: { Location: g.pick(['http://169.254.169.254/', `${this.url}content/images/2026/01/a.png`, '/content/images/../../x']) }, body: Buffer.alloc(0) },
        { status: 404, headers: {}, body: Buffer.alloc(0) },
      ]);
    } else {
      reply = g.reply(url.pathname, Math.min(Number(url.searchParams.get('page') ?? 1) || 1, 1e6));
    }
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }
}

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) { await walk(p, out); }
  }
  return out;
}

interface Failure { index: number; op: string; what: string }

describe(`generated hostile replies (seed ${SEED})`, function () {
  this.timeout(300_000);

  it(`${CASES} replies against list, pull, pull --all and status: every failure explained, nothing written outside the output folder, the heap bounded`, async () => {
    const slots = await Promise.all(Array.from({ length: SLOTS }, () => new Slot().start()));
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-replyfuzz-'));
    const unexplained: Failure[] = [];
    const escaped: Failure[] = [];
    const tally = { ok: 0, explained: 0 };
    const perOp = new Map<string, number>();
    let unhandled = 0;
    const onUnhandled = () => { unhandled++; };
    process.on('unhandledRejection', onUnhandled);
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
    const started = Date.now();
    const before = heap();
    try {
      let next = 0;
      await Promise.all(slots.map(async (slot) => {
        while (next < CASES) {
          const index = next++;
          const op = OPS[index % OPS.length] as (typeof OPS)[number];
          const g = new ReplyGen(SEED + index, slot.url);
          slot.gen = g;
          const caseDir = path.join(root, `case-${index}`);
          const out = path.join(caseDir, 'out');
          await fs.mkdir(out, { recursive: true });
          await fs.writeFile(path.join(caseDir, 'sentinel'), 'outside');
          const ctx: PublishContext = {
            client: GhostClient.withKey(parseSiteUrl(slot.url), { id: 'a'.repeat(24), secret: 'b'.repeat(64) },
              { userAgent: 'reply-fuzz', sleep: async () => undefined, retries: 1, timeoutMs: 1000, deadlineMs: 3000, maxBytes: MB }),
            state: new StateStore(out), frontMatterStatus: true, logger: silent,
          };
          try {
            switch (op) {
              case 'list': { const titles: string[] = []; for await (const p of ctx.client.posts.all({ fields: ['id', 'title', 'slug', 'status', 'updated_at'] })) { titles.push(p.title.padEnd(10)); } break; }
              case 'pull': await pullToFile(g.id(), ctx, path.join(out, 'pulled.md')); break;
              case 'pullAll': await pullAll(out, ctx, { images: g.chance(0.5) }); break;
              case 'status':
                await fs.writeFile(path.join(out, 'new.md'), '---\ntitle: New\n---\nHello.\n');
                await fs.writeFile(path.join(out, 'linked.md'), `---\ntitle: Linked\nghost_id: ${'0'.repeat(23)}1\nghost_site: ${slot.url}\n---\nHi.\n`);
                await folderStatus(out, ctx);
                break;
            }
            tally.ok++;
          } catch (e) {
            if (GhostAuthorError.is(e) && e.message) { tally.explained++; if (process.env.REPLY_FUZZ_WHY) { console.log(`${op}: ${e.message.replace(/[0-9a-f]{24}|\d+/g, "N").slice(0, 90)}`); } } else {
              unexplained.push({ index, op, what: e instanceof Error ? `${e.constructor.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e) });
            }
          }
          perOp.set(op, (perOp.get(op) ?? 0) + 1);
          // Nothing beside the output folder; nothing in it that is a link or resolves outside it.
          const beside = (await fs.readdir(caseDir)).sort();
          if (beside.join(',') !== 'out,sentinel' || await fs.readFile(path.join(caseDir, 'sentinel'), 'utf8') !== 'outside') { escaped.push({ index, op, what: `beside the output: ${beside.join(', ')}` }); }
          for (const p of await walk(out)) {
            const st = await fs.lstat(p);
            if (st.isSymbolicLink() || path.relative(out, p).startsWith('..')) { escaped.push({ index, op, what: p }); }
          }
          await fs.rm(caseDir, { recursive: true, force: true });
        }
      }));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await Promise.all(slots.map((s) => s.stop()));
      await fs.rm(root, { recursive: true, force: true });
    }
    const growth = heap() - before;
    console.log(`      reply fuzz: ${CASES} cases (${[...perOp].map(([k, v]) => `${k} ${v}`).join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${tally.ok} succeeded, ${tally.explained} refused with a message; heap ${growth >= 0 ? '+' : ''}${(growth / MB).toFixed(1)} MB`);
    assert.deepEqual(unexplained.slice(0, 5), [], `failures without a message (${unexplained.length}; replay with REPLY_FUZZ_SEED=${SEED})`);
    assert.deepEqual(escaped.slice(0, 5), [], 'writes outside the output folder');
    assert.equal(unhandled, 0, 'unhandled rejections');
    assert.ok(growth < 64 * MB, `the heap grew by ${(growth / MB).toFixed(1)} MB`);
    assert.ok(tally.explained > CASES / 10 && tally.ok > CASES / 10, 'the replies are neither all accepted nor all refused');
  });
});
