import * as assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { TokenSigner, TOKEN_LIFETIME_S, TOKEN_REFRESH_MARGIN_S } from '../../src/core/ghost/token';

const key = { id: '6543210fedcba9876543210f', secret: '0f'.repeat(32) };

describe('TokenSigner', () => {
  it('signs what Ghost expects: HS256, kid, hex-decoded secret, iat, exp 5 minutes, aud /admin/', async () => {
    const t0 = 1_800_000_000_000;
    const signer = new TokenSigner(key, { now: () => t0 });
    const token = await signer.token();
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', typ: 'JWT', kid: key.id });
    const claims = decodeJwt(token);
    assert.equal(claims.iat, t0 / 1000);
    assert.equal(claims.exp, t0 / 1000 + 300);
    assert.equal(claims.aud, '/admin/');
    await jwtVerify(token, Buffer.from(key.secret, 'hex'), { currentDate: new Date(t0) });
    await assert.rejects(jwtVerify(token, new TextEncoder().encode(key.secret), { currentDate: new Date(t0) }));
  });

  it('reuses one token until shortly before it expires, then signs one more', async () => {
    let now = 1_800_000_000_000;
    const signer = new TokenSigner(key, { now: () => now });
    const first = await signer.token();
    for (let s = 0; s < TOKEN_LIFETIME_S - TOKEN_REFRESH_MARGIN_S; s += 10) {
      now += 10_000;
      if (s + 10 < TOKEN_LIFETIME_S - TOKEN_REFRESH_MARGIN_S) {
        assert.equal(await signer.token(), first);
      }
    }
    const second = await signer.token();
    assert.notEqual(second, first);
    assert.equal(signer.signed, 2);
  });

  it('shares one signature between concurrent callers', async () => {
    const signer = new TokenSigner(key);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => signer.token()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(signer.signed, 1);
  });

  it('signs anew after invalidate, but not when another token was already replaced', async () => {
    const signer = new TokenSigner(key, { now: () => 1_800_000_000_000 });
    const a = await signer.token();
    signer.invalidate('some-older-token');
    assert.equal(await signer.token(), a);
    signer.invalidate(a);
    await signer.token();
    assert.equal(signer.signed, 2);
  });

  it('dates tokens by the server clock when the local one is off by minutes', async () => {
    const local = 1_800_000_000_000;
    const signer = new TokenSigner(key, { now: () => local });
    assert.equal(signer.observeServerDate(local + 10_000), false, 'small drift is ignored');
    assert.equal(signer.observeServerDate(local + 600_000), true);
    assert.equal(signer.clockSkewSeconds, 600);
    assert.equal(decodeJwt(await signer.token()).iat, local / 1000 + 600);
  });

  it('uses the legacy audience when asked', async () => {
    const signer = new TokenSigner(key, { audience: '/v4/admin/' });
    assert.equal(decodeJwt(await signer.token()).aud, '/v4/admin/');
  });
});
