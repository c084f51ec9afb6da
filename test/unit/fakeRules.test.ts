import * as assert from 'node:assert/strict';
import { FakeGhost } from '../support/fake/fakeGhost';
import { ACCEPTED_CASES, TOKEN_CASES } from '../support/tokenCases';

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
