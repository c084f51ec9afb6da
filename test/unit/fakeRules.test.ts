import * as assert from 'node:assert/strict';
import { FakeGhost } from '../support/fake/fakeGhost';
import { ACCEPTED_CASES, jwt, TOKEN_CASES } from '../support/tokenCases';

// The e2e suite runs this same table against real Ghost 6 and 5.
describe('the fake Ghost verifies tokens as Ghost does', () => {
  let ghost: FakeGhost;
  before(async () => { ghost = await new FakeGhost().start(); });
  after(async () => { await ghost.stop(); });

  const get = (authorization: string) => fetch(`${ghost.url}/ghost/api/admin/posts/?limit=1`, { headers: { Authorization: authorization } });

  for (const c of TOKEN_CASES) {
    it(`refuses ${c.name} with ${c.status} ${c.code}`, async () => {
      const res = await get(c.header(ghost.adminKey, Math.floor(Date.now() / 1000)));
      const body = await res.json() as { errors: Array<{ code: string; message: string }> };
      assert.equal(res.status, c.status);
      assert.equal(body.errors[0]?.code, c.code);
      if (c.message) { assert.match(body.errors[0]?.message ?? '', c.message); }
    });
  }
  for (const c of ACCEPTED_CASES) {
    it(`accepts ${c.name}`, async () => {
      assert.equal((await get(c.header(ghost.adminKey, Math.floor(Date.now() / 1000)))).status, 200);
    });
  }
});

// Ghost's bookshelf-collision rule; the e2e suite sees real Ghost 6 and 5 behave the same way
// (publish.test.ts: "recognises its own lost answers" and "detects an edit made in Ghost").
describe('the fake Ghost refuses stale edits as Ghost does', () => {
  let ghost: FakeGhost;
  before(async () => { ghost = await new FakeGhost().start(); });
  after(async () => { await ghost.stop(); });

  async function put(fields: Record<string, unknown>): Promise<{ status: number; body: { errors?: Array<{ code: string; details?: { changedFields?: string[] } }> } }> {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt({ alg: 'HS256', typ: 'JWT', kid: ghost.adminKey.id }, { iat: now, exp: now + 300, aud: '/admin/' }, ghost.adminKey.secret);
    const post = ghost.posts[0];
    const res = await fetch(`${ghost.url}/ghost/api/admin/posts/${post?.id ?? ''}/?source=html`, {
      method: 'PUT',
      headers: { Authorization: `Ghost ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ posts: [fields] }),
    });
    return { status: res.status, body: await res.json() as never };
  }

  it('accepts a stale updated_at when no column would change, and refuses it when one would', async () => {
    ghost.seed('posts', 1);
    const p = ghost.posts[0];
    if (!p) { throw new Error('no post'); }
    const stale = '2020-01-01T00:00:00.000Z';
    assert.equal((await put({ title: p.title, html: p.html, updated_at: stale })).status, 200);
    const before = p.updated_at;
    assert.equal((await put({ tags: [{ name: 'Relation only' }], updated_at: stale })).status, 200);
    assert.equal(p.updated_at, before, 'Ghost 6 keeps updated_at when only relations change');
    const refused = await put({ title: 'Changed', updated_at: stale });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.errors?.[0]?.code, 'UPDATE_COLLISION');
    assert.deepEqual(refused.body.errors?.[0]?.details?.changedFields, ['title']);
    const lexical = JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'New' }] }] } });
    assert.equal((await put({ lexical, updated_at: stale })).body.errors?.[0]?.details?.changedFields?.[0], 'lexical');
  });
});
