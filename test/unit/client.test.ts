import * as assert from 'node:assert/strict';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { connectWithKey } from '../../src/core/ghost/connect';
import {
  ConflictError, GhostApiError, InvalidInputError, NetworkError, RedirectError, UnexpectedResponseError,
} from '../../src/core/ghost/errors';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { FakeGhost, keyString, makeKey } from '../support/fake/fakeGhost';

const UA = 'GhostAuthor/test';
const noSleep = async () => { /* retries run at once in tests */ };

describe('GhostClient against the fake Ghost', () => {
  let ghost: FakeGhost;
  beforeEach(async () => { ghost = await new FakeGhost().start(); });
  afterEach(async () => { await ghost.stop(); });

  const client = (key = keyString(ghost.adminKey), extra: { now?: () => number } = {}) =>
    GhostClient.withKey(parseSiteUrl(ghost.url), parseAdminKey(key), { userAgent: UA, sleep: noSleep, ...extra });

  it('reads the site without credentials', async () => {
    const info = await client().siteInfo();
    assert.equal(info.version, '6.65');
    assert.equal(ghost.requests[0]?.token, undefined);
  });

  it('identifies an integration key and a staff token with its role', async () => {
    assert.deepEqual(await client().identity(), { kind: 'integration' });
    const staff = ghost.addKey(makeKey('admin', { name: 'Ed', email: 'ed@example.com', slug: 'ed', role: 'Editor' }));
    assert.deepEqual(await client(keyString(staff)).identity(), { kind: 'staff', id: staff.id, name: 'Ed', email: 'ed@example.com', slug: 'ed', role: 'Editor' });
  });

  it('asks only for the fields it lists and pages through everything with at most 100 a page', async () => {
    ghost.seed('posts', 250);
    const c = client();
    const page = await c.posts.browse({ limit: 10, fields: ['id', 'title'] });
    assert.deepEqual(Object.keys(page.items[0] ?? {}).sort(), ['id', 'title']);
    assert.equal(page.pagination.total, 250);
    const all: string[] = [];
    for await (const p of c.posts.all({ fields: ['id'] })) { all.push(p.id); }
    assert.equal(all.length, 250);
    assert.equal(new Set(all).size, 250);
    const browses = ghost.requests.filter((r) => r.path.endsWith('/posts/'));
    assert.ok(browses.slice(1).every((r) => r.query.get('limit') === '100'));
    assert.equal(browses.length, 1 + 3);
  });

  it('sends one token for many requests', async () => {
    ghost.seed('posts', 5);
    const c = client();
    await Promise.all(Array.from({ length: 30 }, () => c.posts.browse({ limit: 1 })));
    assert.equal(ghost.tokensSeen.size, 1);
  });

  it('turns a stale updated_at into a conflict carrying Ghost’s version, and writes nothing', async () => {
    const [post] = ghost.seed('posts', 1);
    const c = client();
    const fresh = await c.posts.read(post!.id);
    await c.posts.update(post!.id, { title: 'Edited in Ghost', updated_at: fresh.updated_at });
    await assert.rejects(c.posts.update(post!.id, { title: 'Mine', updated_at: fresh.updated_at }), (e: unknown) => {
      assert.ok(ConflictError.is(e));
      assert.equal((e.server as { title: string }).title, 'Edited in Ghost');
      return true;
    });
    assert.equal(ghost.posts[0]?.title, 'Edited in Ghost');
  });

  it('creates, updates with the exact updated_at, and deletes', async () => {
    const c = client();
    const created = await c.pages.create({ title: 'Hello', html: '<p>x</p>' }, { source: 'html' });
    assert.equal(ghost.requests.at(-1)?.query.get('source'), 'html');
    const updated = await c.pages.update(created.id, { title: 'Hello again', updated_at: created.updated_at });
    assert.equal(updated.title, 'Hello again');
    await c.pages.delete(created.id);
    assert.equal(ghost.pages.length, 0);
  });

  describe('token errors, as Ghost words them', () => {
    const cases: Array<[string, () => string, number, string, RegExp]> = [
      ['an unknown key', () => keyString(makeKey()), 401, 'UNKNOWN_ADMIN_API_KEY', /another site|regenerated/],
      ['a content key id', () => { const k = ghost.addKey(makeKey('content')); return `${k.id}:${'ab'.repeat(32)}`; }, 401, 'INVALID_API_KEY_TYPE', /Content API key/],
      ['a wrong secret', () => `${ghost.adminKey.id}:${'cd'.repeat(32)}`, 401, 'INVALID_JWT', /secret does not match/],
    ];
    for (const [what, key, status, code, hint] of cases) {
      it(`explains ${what}`, async () => {
        await assert.rejects(client(key()).posts.browse(), (e: unknown) =>
          GhostApiError.is(e) && e.status === status && e.code === code && hint.test(e.hint ?? ''));
      });
    }
  });

  it('retries once with a fresh token when Ghost says the token expired, and learns the clock skew', async () => {
    const realNow = Date.now();
    let local = realNow - 10 * 60_000; // this machine's clock is ten minutes slow
    const c = client(undefined, { now: () => local });
    ghost.seed('posts', 1);
    const res = await c.posts.browse();
    assert.equal(res.items.length, 1);
    const tokens = [...ghost.tokensSeen];
    assert.equal(tokens.length, 2, 'the expired token and its replacement');
    local += 1000;
    await c.posts.browse();
    assert.equal(ghost.tokensSeen.size, 2, 'the corrected token is reused');
  });

  describe('faults', () => {
    it('retries a GET on 502/503/504/429 with backoff and then succeeds', async () => {
      ghost.seed('posts', 1);
      for (const status of [502, 503, 429]) { ghost.faults.push({ status, match: (r) => r.path.endsWith('/posts/') }); }
      const c = client();
      const res = await c.posts.browse();
      assert.equal(res.items.length, 1);
      assert.equal(c.http.stats.retries, 3);
    });

    it('gives up after a bounded number of retries', async () => {
      ghost.faults.push({ status: 503, times: 10 });
      const c = client();
      await assert.rejects(c.posts.browse(), (e: unknown) => GhostApiError.is(e) && e.status === 503);
      assert.equal(ghost.requests.length, 4);
    });

    it('does not repeat a POST that may have landed', async () => {
      ghost.faults.push({ status: 502, body: '<html><title>502 Bad Gateway</title></html>', headers: { 'Content-Type': 'text/html' } });
      const c = client();
      await assert.rejects(c.posts.create({ title: 'Once' }), (e: unknown) => UnexpectedResponseError.is(e) && /Bad Gateway/.test(e.message) && /proxy/.test(e.hint ?? ''));
      assert.equal(ghost.requests.filter((r) => r.method === 'POST').length, 1);
    });

    it('repeats a POST refused with 429, which Ghost never processed', async () => {
      ghost.faults.push({ status: 429, match: (r) => r.method === 'POST' });
      const created = await client().posts.create({ title: 'Once' });
      assert.equal(created.title, 'Once');
      assert.equal(ghost.posts.length, 1);
    });

    it('reports a connection cut mid-body as a network error', async () => {
      ghost.faults.push({ reset: true, times: 4 });
      await assert.rejects(client().posts.browse(), (e: unknown) => NetworkError.is(e) && e.code === 'ECONNRESET');
    });

    it('reports truncated JSON', async () => {
      ghost.seed('posts', 3);
      ghost.faults.push({ truncateAt: 20, match: (r) => r.path.endsWith('/posts/') });
      await assert.rejects(client().posts.browse(), (e: unknown) => UnexpectedResponseError.is(e) && /cut off/.test(e.message));
    });

    it('reports a timeout', async () => {
      ghost.faults.push({ delayMs: 500, times: 4 });
      const c = GhostClient.withKey(parseSiteUrl(ghost.url), parseAdminKey(keyString(ghost.adminKey)), { userAgent: UA, sleep: noSleep, timeoutMs: 100, retries: 0 });
      await assert.rejects(c.posts.browse(), (e: unknown) => NetworkError.is(e) && e.code === 'ETIMEDOUT');
    });

    it('never follows a redirect, and names the URL to use', async () => {
      ghost.faults.push({ status: 301, headers: { Location: 'https://admin.example.com/ghost/api/admin/posts/' } });
      await assert.rejects(client().posts.browse(), (e: unknown) =>
        RedirectError.is(e) && /another address/.test(e.message) && /https:\/\/admin\.example\.com\//.test(e.hint ?? ''));
      assert.equal(ghost.requests.length, 1);
    });

    it('reports a refused connection', async () => {
      await ghost.stop();
      await assert.rejects(client().siteInfo(), (e: unknown) => NetworkError.is(e) && e.code === 'ECONNREFUSED' && /refused/.test(e.message));
    });
  });

  describe('connectWithKey', () => {
    it('probes the site, then identifies the key', async () => {
      const conn = await connectWithKey(ghost.url, keyString(ghost.adminKey), { userAgent: UA });
      assert.equal(conn.info.title, 'Fake Ghost');
      assert.deepEqual(conn.identity, { kind: 'integration' });
    });

    it('finds the versioned path of a Ghost 4 site and signs for its audience', async () => {
      ghost.legacyVersion = 'v4';
      const conn = await connectWithKey(ghost.url, keyString(ghost.adminKey), { userAgent: UA });
      assert.equal(conn.site.apiBase, `${ghost.url}/ghost/api/v4/admin/`);
      assert.deepEqual(conn.identity, { kind: 'integration' });
      const signed = ghost.requests.filter((r) => r.token);
      assert.ok(signed.length > 0 && signed.every((r) => r.path.startsWith('/ghost/api/v4/admin/')), signed.map((r) => r.path).join(' '));
      assert.ok(ghost.requests.every((r) => !r.token || r.path.startsWith('/ghost/api/v4/')), 'the key went to an unversioned path');
    });

    it('refuses a Ghost older than 5 with a clear message, before the key is sent', async () => {
      ghost.legacyVersion = 'v4';
      ghost.version = '4.48';
      await assert.rejects(connectWithKey(ghost.url, keyString(ghost.adminKey), { userAgent: UA }),
        (e: Error) => /runs Ghost 4\.48; Ghost Author works with Ghost 5 and 6/.test(e.message));
      assert.ok(ghost.requests.every((r) => !r.token), 'the key was sent');
    });

    it('refuses a bad key before any request', async () => {
      await assert.rejects(connectWithKey(ghost.url, 'nonsense', { userAgent: UA }), InvalidInputError);
      assert.equal(ghost.requests.length, 0);
    });

    it('asks before sending a key over plain http to another host, and stops when told no', async () => {
      let asked = '';
      await assert.rejects(connectWithKey('http://blog.example.com', keyString(ghost.adminKey), {
        userAgent: UA, confirmInsecure: async (s) => { asked = s.adminUrl; return false; },
      }), (e: unknown) => InvalidInputError.is(e) && /not encrypted/.test(e.message));
      assert.equal(asked, 'http://blog.example.com/');
    });
  });
});
