/**
 * Long sessions: the clock moves on (simulated, on both sides), tokens expire, and no request
 * ever fails for it; one token is signed per lifetime, even when the computer's clock is off.
 */
import * as assert from 'node:assert/strict';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { TOKEN_LIFETIME_S, TOKEN_REFRESH_MARGIN_S } from '../../src/core/ghost/token';
import { FakeGhost } from '../support/fake/fakeGhost';

describe('token lifetime across hours of simulated time', () => {
  let ghost: FakeGhost;
  let serverMs: number;
  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    ghost.seed('posts', 3);
    serverMs = Date.parse('2026-11-23T09:00:00Z');
    ghost.now = () => serverMs;
  });
  afterEach(async () => { await ghost.stop(); });

  const client = (offsetMs: number) => GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret },
    { userAgent: 't', now: () => serverMs + offsetMs, sleep: async () => undefined });

  async function session(offsetMs: number, hours: number, stepS: number) {
    const c = client(offsetMs);
    let calls = 0;
    for (let s = 0; s < hours * 3600; s += stepS) {
      serverMs += stepS * 1000;
      await c.posts.browse({ limit: 1, fields: ['id'] });
      calls++;
    }
    return { calls, refused: ghost.requests.filter((r) => r.status === 401).length, tokens: ghost.tokensSeen.size, requests: ghost.requests.length };
  }

  const perLifetime = (hours: number) => Math.ceil((hours * 3600) / (TOKEN_LIFETIME_S - TOKEN_REFRESH_MARGIN_S));

  it('two hours of requests every 17 s: none refused, one token per lifetime', async () => {
    const r = await session(0, 2, 17);
    assert.equal(r.refused, 0);
    assert.equal(r.requests, r.calls, 'a request was repeated');
    assert.ok(Math.abs(r.tokens - perLifetime(2)) <= 1, `${r.tokens} tokens for ${perLifetime(2)} lifetimes`);
  });

  it('idle gaps longer than a token lifetime: each request after a gap gets a fresh token, first time', async () => {
    const r = await session(0, 3, 7 * 60);
    assert.equal(r.refused, 0);
    assert.equal(r.tokens, r.calls, 'a stale token was sent after a gap');
  });

  for (const minutes of [-3, 3, -90, 90]) {
    it(`the computer's clock ${Math.abs(minutes)} minutes ${minutes < 0 ? 'behind' : 'ahead of'} the server: at most one refusal, retried, then none`, async () => {
      const r = await session(minutes * 60_000, 2, 17);
      assert.ok(r.refused <= 1, `${r.refused} refusals`);
      assert.equal(r.requests, r.calls + r.refused, 'a refused request was not retried exactly once');
      assert.ok(r.tokens <= perLifetime(2) + 2, `${r.tokens} tokens for ${perLifetime(2)} lifetimes`);
    });
  }

  it('fifty requests at once, just as the token is due for renewal, share one new token', async () => {
    const c = client(0);
    await c.posts.browse({ limit: 1, fields: ['id'] });
    serverMs += (TOKEN_LIFETIME_S - TOKEN_REFRESH_MARGIN_S) * 1000 + 1000;
    await Promise.all(Array.from({ length: 50 }, () => c.posts.browse({ limit: 1, fields: ['id'] })));
    assert.equal(ghost.tokensSeen.size, 2);
    assert.equal(ghost.requests.filter((r) => r.status === 401).length, 0);
  });
});
