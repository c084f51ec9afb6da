/**
 * The Admin API client against real Ghost servers, every way of signing in.
 * Servers come from hooks.ts (started once for the run).
 */
import * as assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { KeyAuth, SessionAuth } from '../../src/core/ghost/auth';
import { GhostClient } from '../../src/core/ghost/client';
import { connectWithKey } from '../../src/core/ghost/connect';
import { ConflictError, GhostApiError } from '../../src/core/ghost/errors';
import { SessionClient } from '../../src/core/ghost/session';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { ACCEPTED_CASES, TOKEN_CASES } from '../support/tokenCases';
import { MAJORS, server } from './servers';

const UA = 'GhostAuthor/e2e';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

for (const major of MAJORS) {
  describe(`Admin API client on real Ghost ${major}`, function () {
    this.timeout(60_000);
    const g = () => server(major);
    const keyClient = (key: string, extra: { now?: () => number } = {}) => GhostClient.withKey(parseSiteUrl(g().url), parseAdminKey(key), { userAgent: UA, ...extra });

    describe('who the credentials belong to', () => {
      it('an integration key', async () => {
        const c = await connectWithKey(g().url, g().integrationKey, { userAgent: UA });
        assert.match(c.info.version, new RegExp(`^${major}\\.`));
        assert.deepEqual(c.identity, { kind: 'integration' });
      });
      for (const who of ['owner', 'editor', 'contributor'] as const) {
        it(`the ${who}'s staff token`, async () => {
          const user = g()[who];
          const c = await connectWithKey(g().url, user.staffToken, { userAgent: UA });
          assert.equal(c.identity.kind, 'staff');
          assert.equal(c.identity.kind === 'staff' && c.identity.role, user.role);
          assert.equal(c.identity.kind === 'staff' && c.identity.email, user.email);
        });
      }
      it('a key Ghost does not know', async () => {
        await assert.rejects(connectWithKey(g().url, `ffffffffffffffffffffffff:${'ab'.repeat(32)}`, { userAgent: UA }), (e: unknown) =>
          GhostApiError.is(e) && e.code === 'UNKNOWN_ADMIN_API_KEY' && /another site/.test(e.hint ?? ''));
      });
    });

    describe('Ghost’s answers to bad tokens', () => {
      const get = (authorization: string) => fetch(`${g().url}/ghost/api/admin/posts/?limit=1`, { headers: { Authorization: authorization } });
      for (const c of TOKEN_CASES) {
        it(`refuses ${c.name} with ${c.status} ${c.code}`, async () => {
          const res = await get(c.header(parseAdminKey(g().integrationKey), Math.floor(Date.now() / 1000)));
          const body = await res.json() as { errors: Array<{ code: string; message: string }> };
          assert.equal(res.status, c.status, JSON.stringify(body));
          assert.equal(body.errors[0]?.code, c.code);
          if (c.message) { assert.match(body.errors[0]?.message ?? '', c.message); }
        });
      }
      for (const c of ACCEPTED_CASES) {
        it(`accepts ${c.name}`, async () => {
          const res = await get(c.header(parseAdminKey(g().integrationKey), Math.floor(Date.now() / 1000)));
          assert.equal(res.status, 200, await res.text());
        });
      }
    });

    describe('tokens', () => {
      it('one token serves many requests', async () => {
        const c = keyClient(g().integrationKey);
        await Promise.all(Array.from({ length: 20 }, () => c.posts.browse({ limit: 1, fields: ['id'] })));
        assert.equal((c.http.auth as KeyAuth).signer.signed, 1);
      });
      it('recovers from a local clock ten minutes slow: one refused token, then tokens dated by the server', async () => {
        const c = keyClient(g().integrationKey, { now: () => Date.now() - 600_000 });
        const res = await c.posts.browse({ limit: 1, fields: ['id'] });
        assert.ok(res.pagination.total >= 0);
        const signer = (c.http.auth as KeyAuth).signer;
        assert.equal(signer.signed, 2);
        assert.ok(Math.abs(signer.clockSkewSeconds - 600) <= 2, `skew ${signer.clockSkewSeconds}`);
        assert.ok(Math.abs(Number(decodeJwt(await signer.token()).iat) - Date.now() / 1000) <= 5);
      });
    });

    describe('posts and pages', () => {
      it('pages through a browse, asking only for the listed fields', async () => {
        const c = keyClient(g().integrationKey);
        const made = await Promise.all(Array.from({ length: 5 }, (_, i) => c.posts.create({ title: `Paging ${major}-${i}` })));
        const first = await c.posts.browse({ limit: 2, fields: ['id', 'title'], filter: 'title:~\'Paging\'' });
        assert.ok(first.pagination.pages >= 3);
        assert.equal(first.pagination.next, 2);
        assert.deepEqual(Object.keys(first.items[0] ?? {}).sort(), ['id', 'title']);
        const all: string[] = [];
        for await (const p of c.posts.all({ limit: 2, fields: ['id'], filter: 'title:~\'Paging\'' })) { all.push(p.id); }
        for (const p of made) { assert.ok(all.includes(p.id)); }
        await Promise.all(made.map((p) => c.posts.delete(p.id)));
      });

      it('creates from HTML, updates with the exact updated_at, refuses a stale one as a conflict, deletes', async () => {
        const c = keyClient(g().integrationKey);
        const post = await c.posts.create({ title: 'CRUD', html: '<p>First</p>' }, { source: 'html' });
        const read = await c.posts.read(post.id, { formats: ['html'] });
        assert.match(read.html ?? '', /First/);
        // Ghost keeps updated_at to the second: an edit within the same second would not move it.
        await new Promise((r) => setTimeout(r, 1100));
        const updated = await c.posts.update(post.id, { title: 'CRUD 2', updated_at: post.updated_at });
        assert.equal(updated.title, 'CRUD 2');
        await assert.rejects(c.posts.update(post.id, { title: 'stale', updated_at: post.updated_at }), (e: unknown) => {
          assert.ok(ConflictError.is(e), String(e));
          assert.equal((e.server as { title?: string }).title, 'CRUD 2');
          return true;
        });
        assert.equal((await c.posts.read(post.id)).title, 'CRUD 2');
        await c.posts.delete(post.id);
        await assert.rejects(c.posts.read(post.id), (e: unknown) => GhostApiError.is(e) && e.status === 404);
      });

      it('handles pages like posts and reads by slug', async () => {
        const c = keyClient(g().integrationKey);
        const page = await c.pages.create({ title: 'A page', slug: `a-page-${major}` });
        assert.equal((await c.pages.readBySlug(`a-page-${major}`)).id, page.id);
        await c.pages.delete(page.id);
      });

      it('uploads an image', async () => {
        const c = keyClient(g().integrationKey);
        const res = await c.uploadImage('pixel.png', { data: PNG, ref: 'pixel.png' });
        assert.match(res.url, /\/content\/images\/.*pixel.*\.png$/);
        const img = await fetch(res.url);
        assert.equal(img.status, 200);
      });

      it('lets a Contributor write a draft but explains that their role cannot publish', async () => {
        const c = keyClient(g().contributor.staffToken);
        const me = await c.identity();
        assert.ok(me.kind === 'staff');
        await assert.rejects(c.posts.create({ title: 'Without naming herself' }), (e: unknown) =>
          GhostApiError.is(e) && e.status === 403 && /name themselves as author/.test(e.hint ?? ''));
        const draft = await c.posts.create({ title: 'Contributor draft', authors: [{ id: me.id } as never] });
        assert.equal(draft.status, 'draft');
        await assert.rejects(c.posts.update(draft.id, { status: 'published', updated_at: draft.updated_at }), (e: unknown) => {
          assert.ok(GhostApiError.is(e), String(e));
          assert.equal(e.status, 403);
          assert.match(e.message, /role on this site cannot publish/);
          assert.match(e.hint ?? '', /Editor or Administrator/);
          return true;
        });
      });

      it('lets an Editor publish', async () => {
        const c = keyClient(g().editor.staffToken);
        const p = await c.posts.create({ title: 'Editor post', html: '<p>x</p>' }, { source: 'html' });
        const pub = await c.posts.update(p.id, { status: 'published', updated_at: p.updated_at });
        assert.equal(pub.status, 'published');
        await c.posts.delete(p.id);
      });

      it('lists tags and newsletters', async () => {
        const c = keyClient(g().integrationKey);
        const p = await c.posts.create({ title: 'Tagged', tags: [{ name: `tag-${major}` } as never] });
        assert.ok((await c.tags()).some((t) => t.name === `tag-${major}`));
        assert.ok((await c.newsletters()).length >= 1);
        await c.posts.delete(p.id);
      });
    });

    describe('signing in as a user', () => {
      it('signs in with email and password, acts as the user, and signs out', async () => {
        const auth = new SessionAuth();
        const client = GhostClient.withSession(parseSiteUrl(g().url), auth, { userAgent: UA });
        const session = new SessionClient(client.http, auth);
        assert.deepEqual(await session.signIn(g().editor.email, g().editor.password), { status: 'signed-in' });
        assert.ok(!auth.cookieHeader.includes(g().editor.password));
        const me = await client.identity();
        assert.equal(me.kind === 'staff' && me.role, 'Editor');
        await session.signOut();
        const again = GhostClient.withSession(parseSiteUrl(g().url), new SessionAuth(auth.cookieHeader), { userAgent: UA });
        assert.equal(await new SessionClient(again.http, new SessionAuth()).isValid(), false);
      });

      it('says so when the password is wrong, with one attempt only', async () => {
        const auth = new SessionAuth();
        const client = GhostClient.withSession(parseSiteUrl(g().url), auth, { userAgent: UA });
        await assert.rejects(new SessionClient(client.http, auth).signIn(g().contributor.email, 'not the password'), (e: unknown) =>
          GhostApiError.is(e) && /password/i.test(e.message));
        assert.equal(client.http.stats.requests, 1);
      });
    });
  });
}
