/**
 * A hostile site's replies get nowhere: a huge answer is cut off at the cap (and never retried),
 * an answer trickling in gives up at the deadline, a list whose `next` never ends, goes back or
 * repeats itself is refused, and `pull --all --images` downloads only the site's own images, of an
 * image type by their bytes, within a size cap and a deadline, never through a redirect to another
 * host. Through the client itself, the engine (status, pull --all) and the CLI (list, status, pull).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pullToFile } from '../../src/cli/pull';
import { GhostClient } from '../../src/core/ghost/client';
import { downloadImage, isInternalAddress } from '../../src/core/ghost/download';
import { GhostAuthorError } from '../../src/core/ghost/errors';
import type { HttpOptions } from '../../src/core/ghost/http';
import { LimitError, MAX_PAGES } from '../../src/core/ghost/limits';
import { pageThrough } from '../../src/core/ghost/paging';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import type { PublishContext } from '../../src/core/publish/engine';
import { folderStatus, pullAll } from '../../src/core/publish/folder';
import { StateStore } from '../../src/core/publish/state';
import { runCli } from '../support/cliRun';
import { keyString } from '../support/fake/fakeGhost';
import { HostileGhost, PNG_1x1 } from '../support/fake/hostileGhost';

const MB = 1024 * 1024;
const list = /\/posts\/$/;

describe('hostile replies: limits on everything from the network', function () {
  this.timeout(30_000);
  let h: HostileGhost;
  let dir: string;
  const client = (opts: Partial<HttpOptions> = {}) => GhostClient.withKey(parseSiteUrl(h.url), { id: h.fake.adminKey.id, secret: h.fake.adminKey.secret },
    { userAgent: 'hostile-test', sleep: async () => undefined, retries: 3, ...opts });
  const context = (opts: Partial<HttpOptions> = {}, logs: string[] = []): PublishContext => ({
    client: client(opts), state: new StateStore(dir), frontMatterStatus: true,
    logger: { debug: () => undefined, info: () => undefined, warn: (m: string) => { logs.push(m); }, error: (m: string) => { logs.push(m); } } as unknown as PublishContext['logger'],
  });
  const requestsTo = (re: RegExp) => h.seen.filter((r) => re.test(r.path)).length;

  beforeEach(async () => {
    h = await new HostileGhost().start();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-hostile-'));
  });
  afterEach(async () => {
    await h.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  describe('size', () => {
    it('a list answer past the default 64 MB cap is cut off as it streams, named, and not tried again', async () => {
      h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 80 * MB });
      const c = client();
      const err = await c.posts.browse({ limit: 100 }).then(() => undefined, (e: unknown) => e);
      assert.ok(LimitError.is(err), `not refused: ${String(err)}`);
      assert.equal(err.limit, 'size');
      assert.match(err.message, /GET posts\/ is larger than 64 MB/);
      assert.match(err.hint ?? '', /not a proxy or another app/);
      assert.equal(requestsTo(list), 1, 'a reply past the cap is never asked for again');
      assert.ok(c.http.stats.bytesReceived < 65 * MB);
    });

    it('the cap is per client and per request; a larger Content-Length is refused before reading; a huge 503 is not retried', async () => {
      h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 3 * MB });
      await assert.rejects(client({ maxBytes: MB }).posts.browse({ limit: 5 }), (e: unknown) => LimitError.is(e) && /larger than 1 MB/.test(e.message));
      h.rules.length = 0;
      h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 3 * MB, declareLength: true });
      await assert.rejects(client().http.request({ method: 'GET', path: 'posts/', maxBytes: MB }), (e: unknown) => LimitError.is(e) && /Content-Length/.test(e.message));
      h.rules.length = 0;
      h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 3 * MB, status: 503 });
      const before = requestsTo(list);
      await assert.rejects(client({ maxBytes: MB }).posts.browse({ limit: 5 }), (e: unknown) => LimitError.is(e));
      assert.equal(requestsTo(list) - before, 1);
      // Under the cap, the same answer reads as usual.
      h.rules.length = 0;
      h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 512 * 1024 });
      assert.ok((await client({ maxBytes: MB }).posts.browse({ limit: 5 })).items.length > 10);
    });
  });

  describe('time', () => {
    it('an answer trickling a byte at a time gives up at the overall deadline, though it is never idle for the timeout', async () => {
      h.on(/GET .*\/posts\/$/, { kind: 'trickle', everyMs: 100 });
      const started = Date.now();
      const err = await client({ timeoutMs: 1000, deadlineMs: 1500 }).posts.browse({ limit: 5 }).then(() => undefined, (e: unknown) => e);
      const took = Date.now() - started;
      assert.ok(LimitError.is(err), `not refused: ${String(err)}`);
      assert.equal(err.limit, 'deadline');
      assert.match(err.message, /took longer than 2 s in all/);
      assert.ok(took >= 1400 && took < 5000, `gave up after ${took} ms`);
      assert.equal(requestsTo(list), 1, 'not tried again');
    });

    it('the deadline is never shorter than the idle timeout asked for one request', async () => {
      h.on(/GET .*\/posts\/$/, { kind: 'trickle', everyMs: 50, body: JSON.stringify({ posts: [] }) });
      const res = await client({ timeoutMs: 1000, deadlineMs: 100 }).http.request<{ posts: unknown[] }>({ method: 'GET', path: 'posts/', timeoutMs: 5000 });
      assert.deepEqual(res.data.posts, []);
    });
  });

  describe('pages', () => {
    it('a `next` that never ends is refused once the list passes the total it gave', async () => {
      h.endless('posts', 10, 25);
      await assert.rejects(async () => { for await (const p of client().posts.all()) { void p; } },
        (e: unknown) => LimitError.is(e) && e.limit === 'pages' && /list of posts does not end/.test(e.message) && /more than the 25/.test(e.message));
      assert.ok(requestsTo(list) <= 5, `${requestsTo(list)} requests`);
    });

    it('a `next` that goes back or stays, a page of nothing new, a `next` that is not a page: refused at once', async () => {
      h.on(/GET .*\/posts\/$/, (r) => ({ kind: 'page', items: [{ ...fakeItem(Number(r.query.get('page'))) }], pagination: { page: 2, next: 2, total: 1000 } }));
      await assert.rejects(async () => { for await (const p of client().posts.all()) { void p; } }, /names page 2 as the next/);
      assert.equal(requestsTo(list), 2);
      h.rules.length = 0;
      h.on(/GET .*\/posts\/$/, (r) => ({ kind: 'page', items: [fakeItem(1)], pagination: { page: Number(r.query.get('page')), next: Number(r.query.get('page')) + 1, total: 1000 } }));
      await assert.rejects(async () => { for await (const p of client().posts.all()) { void p; } }, /page 2 held nothing not read before/);
      h.rules.length = 0;
      h.on(/GET .*\/posts\/$/, { kind: 'page', items: [fakeItem(1)], pagination: { page: 1, next: '2', total: 1000 } });
      await assert.rejects(async () => { for await (const p of client().posts.all()) { void p; } }, /names page "2" as the next/);
    });

    it('a huge total meets the page ceiling; a total that grows with every page is not believed; the tag list pages the same way', async () => {
      let n = 0;
      const read = (page: number) => { n++; return Promise.resolve({ items: [{ id: `p${page}` }], pagination: { page, limit: 1, next: page + 1, total: 1e6 } }); };
      await assert.rejects(async () => { for await (const p of pageThrough('posts', read, { limit: 1, maxPages: 50 })) { void p; } }, /goes on past 50 pages/);
      assert.equal(n, 50);
      assert.equal(MAX_PAGES, 2_000);
      // A total that runs ahead of the pages is not believed.
      h.endless('posts', 100, null);
      await assert.rejects(async () => { for await (const p of client().posts.all()) { void p; } }, /the total it gives grew from 200 to 500 while it was read/);
      h.rules.length = 0;
      h.endless('tags', 100, 150);
      await assert.rejects(client().tags(), /list of tags does not end/);
      assert.ok(requestsTo(/\/tags\/$/) <= 3);
    });

    it('a list that is not a list, or posts that are not posts, are refused with what is wrong', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [null, /is null, not an object/],
        [{ posts: 'abc' }, /posts are not a list/],
        [{ posts: [null] }, /one of its posts is null/],
        [{ posts: [{ id: '../../x', title: 't', slug: 's', status: 'draft', updated_at: 'x' }] }, /has the id/],
        [{ posts: [{ ...fakeItem(1), title: 7 }] }, /has no title/],
        [{ posts: [{ ...fakeItem(1), tags: 'news' }] }, /tags that are not a list/],
      ];
      for (const [body, re] of cases) {
        h.rules.length = 0;
        h.on(/GET .*\/posts\/$/, { kind: 'raw', body: JSON.stringify(body) });
        await assert.rejects(client().posts.browse(), (e: unknown) => GhostAuthorError.is(e) && re.test(e.message), String(re));
      }
    });

    it('a list that asked for some fields keeps only those, however much a server adds to each item (found by an attacker: folder status kept every post whole)', async () => {
      const junk = 'x'.repeat(200_000);
      h.on(/GET .*\/posts\/$/, { kind: 'raw', body: JSON.stringify({ posts: [{ ...fakeItem(1), html: junk, plaintext: junk, extra: { deep: junk } }], meta: { pagination: { page: 1, pages: 1, total: 1, next: null } } }) });
      const narrowed = await client().posts.browse({ fields: ['id', 'title', 'slug', 'status', 'updated_at'] });
      assert.deepEqual(Object.keys(narrowed.items[0] ?? {}).sort(), ['id', 'slug', 'status', 'title', 'updated_at']);
      const withContent = await client().posts.browse({ fields: ['id', 'title', 'slug', 'status', 'updated_at'], formats: ['html'], include: ['tags'] });
      assert.equal(withContent.items[0]?.html, junk, 'a format asked for is kept');
      assert.equal((withContent.items[0] as unknown as Record<string, unknown>).extra, undefined);
      const whole = await client().posts.browse();
      assert.ok((whole.items[0] as unknown as Record<string, unknown>).extra, 'a request that did not narrow its fields keeps what came');
    });
  });

  describe('the engine and the CLI', () => {
    it('a post whose Lexical document holds nothing pulls as an empty body (found by the reply fuzz: it crashed the converter)', async () => {
      const [post] = h.fake.seed('posts', 1);
      if (!post) { throw new Error('no post'); }
      post.lexical = JSON.stringify({ root: { type: 'root', version: 1, children: [] } });
      const target = path.join(dir, 'empty.md');
      await pullToFile(post.id, context(), target);
      assert.match(await fs.readFile(target, 'utf8'), /^---\ntitle: Post 1\n[\s\S]*\n---\n+$/);
    });

    it('status and pull --all stop on an endless list with the reason, after at most three pages', async () => {
      h.endless('posts', 10, 15);
      await assert.rejects(folderStatus(dir, context()), /list of posts does not end/);
      const out = path.join(dir, 'content');
      await assert.rejects(pullAll(out, context()), /list of posts does not end/);
      // The pages read before the list was refused were written.
      const files = await fs.readdir(path.join(out, 'posts')).catch(() => []);
      assert.ok(files.length <= 30, `${files.length} files`);
      assert.ok(requestsTo(list) <= 6, `${requestsTo(list)} requests`);
    });

    it('list --all, status and pull --all from the CLI answer 1 with the reason (endless list, huge answer)', async () => {
      const env = { GHOST_URL: h.url, GHOST_ADMIN_API_KEY: keyString(h.fake.adminKey) };
      h.endless('posts', 10, 15);
      for (const args of [['list', '--all'], ['status', '.'], ['pull', '--all', '-o', 'content']]) {
        const r = await runCli(dir, env, ...args);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.err, /error: Ghost's list of posts does not end as it should/, args.join(' '));
        assert.ok(r.requests < 10, `${args.join(' ')}: ${r.requests} requests`);
      }
      h.rules.length = 0;
      h.on(/GET .*\/posts\/$/, { kind: 'huge', bytes: 70 * MB, declareLength: true });
      const r = await runCli(dir, env, 'list');
      assert.equal(r.code, 1);
      assert.match(r.err, /error: The answer of 127\.0\.0\.1:\d+ to GET posts\/ \(\d+ bytes, as its Content-Length says\) is larger than 64 MB/);
    });
  });

  describe('images (pull --all --images)', () => {
    let other: http.Server;
    let otherUrl: string;
    let otherHits: number;
    beforeEach(async () => {
      otherHits = 0;
      other = http.createServer((_q, s) => { otherHits++; s.writeHead(200, { 'Content-Type': 'image/png' }); s.end(PNG_1x1); });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });
    afterEach(async () => { other.closeAllConnections(); await new Promise((r) => other.close(r)); });

    /** One post showing each image; pulls with images; what each image became. */
    async function pullImages(images: Record<string, Parameters<HostileGhost['on']>[1]>): Promise<{ text: string; logs: string[]; files: string[] }> {
      const [post] = h.fake.seed('posts', 1);
      if (!post) { throw new Error('no post'); }
      post.lexical = null;
      post.html = Object.keys(images).map((n) => `<p><img src="${h.url}/content/images/2026/01/${n}" alt="${n}"></p>`).join('');
      for (const [n, a] of Object.entries(images)) { h.on((r) => r.path === `/content/images/2026/01/${n}`, a); }
      const logs: string[] = [];
      const out = path.join(dir, 'content');
      await pullAll(out, context({}, logs), { images: true });
      const text = await fs.readFile(path.join(out, 'posts', 'posts-1.md'), 'utf8');
      const files = await fs.readdir(path.join(out, 'images', '2026', '01')).catch(() => [] as string[]);
      return { text, logs, files };
    }

    it('the site\'s own PNG is downloaded; a redirect to another host is not followed; wrong types, lying bytes, SVG and a size past the cap are left at their address', async () => {
      const r = await pullImages({
        'good.png': { kind: 'raw', contentType: 'image/png', body: PNG_1x1 },
        'away.png': { kind: 'redirect', location: `${otherUrl}/x.png` },
        'meta.png': { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' },
        'page.png': { kind: 'raw', contentType: 'text/html', body: '<html>secret</html>' },
        'liar.png': { kind: 'raw', contentType: 'image/png', body: '<html>not a png, at all</html>' },
        'draw.svg': { kind: 'raw', contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
        'huge.png': { kind: 'bigImage', bytes: 60 * MB },
        'told.png': { kind: 'bigImage', bytes: 60 * MB, declareLength: true },
      });
      assert.deepEqual(r.files, ['good.png'], 'only the real image is on disk, and no temporary file is left');
      assert.match(r.text, /!\[good\.png\]\(\.\.\/images\/2026\/01\/good\.png\)/);
      for (const n of ['away.png', 'meta.png', 'page.png', 'liar.png', 'draw.svg', 'huge.png', 'told.png']) {
        assert.match(r.text, new RegExp(`!\\[${n.replace('.', '\\.')}\\]\\(http://127\\.0\\.0\\.1:\\d+/content/images/2026/01/${n.replace('.', '\\.')}\\)`), `${n} keeps its address`);
      }
      assert.equal(otherHits, 0, 'the redirect to another host was not followed');
      const said = r.logs.join('\n');
      assert.match(said, /away\.png redirects to http:\/\/127\.0\.0\.1:\d+, another host: the redirect was not followed/);
      assert.match(said, /meta\.png redirects to http:\/\/169\.254\.169\.254, another host/);
      assert.match(said, /page\.png is of type text\/html, not a PNG, JPEG, GIF or WebP image/);
      assert.match(said, /liar\.png says it is image\/png, but its bytes are not/);
      assert.match(said, /draw\.svg is of type image\/svg\+xml.*SVG is text that can carry script/);
      assert.match(said, /huge\.png is larger than 50 MB/);
      assert.match(said, /told\.png \(62914560 bytes, as its Content-Length says\) is larger than 50 MB/);
    });

    it('an image trickling in gives up at its deadline; a remote site name resolving to an internal address is refused; only the site\'s origin', async () => {
      h.on((r) => r.path === '/content/images/slow.png', { kind: 'trickle', everyMs: 100, contentType: 'image/png' });
      const target = path.join(dir, 'images', 'slow.png');
      const started = Date.now();
      await assert.rejects(downloadImage(`${h.url}/content/images/slow.png`, target, { site: `${h.url}/`, deadlineMs: 1000, idleMs: 800 }),
        (e: unknown) => LimitError.is(e) && e.limit === 'deadline' && /took longer than 1 s in all/.test(e.message));
      assert.ok(Date.now() - started < 4000);
      assert.deepEqual(await fs.readdir(path.join(dir, 'images')), [], 'no temporary file is left');
      // A site by name whose name resolves to this machine or to a metadata address.
      const port = new URL(h.url).port;
      for (const address of ['127.0.0.1', '169.254.169.254']) {
        const lookup = ((_h: string, o: { all?: boolean }, cb: (e: null, a: unknown, f?: number) => void) => (o.all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4))) as never;
        await assert.rejects(downloadImage(`http://ghost.example:${port}/content/images/a.png`, target, { site: `http://ghost.example:${port}/`, lookup, deadlineMs: 2000 }),
          new RegExp(`resolves to ${address.replace(/\./g, '\\.')}, an address of this machine or its network`));
      }
      await assert.rejects(downloadImage(`${otherUrl}/a.png`, target, { site: `${h.url}/` }), /not on the site/);
      assert.equal(otherHits, 0);
      assert.ok(isInternalAddress('::1') && isInternalAddress('fe80::1') && isInternalAddress('::ffff:127.0.0.1') && isInternalAddress('0.0.0.0'));
      assert.ok(!isInternalAddress('93.184.216.34') && !isInternalAddress('2606:4700::1111'));
    });
  });
});

function fakeItem(n: number): Record<string, unknown> {
  return { id: n.toString(16).padStart(24, '0'), title: `T${n}`, slug: `t${n}`, status: 'draft', updated_at: '2026-01-01T00:00:00.000Z' };
}
