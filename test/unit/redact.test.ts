import * as assert from 'node:assert/strict';
import { Redactor } from '../../src/core/redact';

describe('Redactor', () => {
  const id = '6543210fedcba9876543210f';
  const secret = 'ab'.repeat(32);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlc2lnbmF0dXJl';
  const cases: Array<[string, string, string[]]> = [
    ['a key pair', `key=${id}:${secret}`, [secret]],
    ['a bare secret', `secret ${secret} here`, [secret]],
    ['a JWT', `Authorization: Ghost ${jwt}`, [jwt]],
    ['a session cookie', 'Cookie: ghost-admin-api-session=s%3Aabcdef.ghijkl; other=1', ['s%3Aabcdef.ghijkl']],
    ['a registered password', 'login with hunter2-password failed', ['hunter2-password']],
  ];
  for (const [what, text, hidden] of cases) {
    it(`hides ${what}`, () => {
      const r = new Redactor();
      r.add('hunter2-password');
      const out = r.redact(text);
      for (const h of hidden) { assert.ok(!out.includes(h), `${out} still holds ${h}`); }
      assert.match(out, /redacted/);
    });
  }

  it('keeps ordinary text and the key id', () => {
    const r = new Redactor();
    assert.equal(r.redact('GET posts/ → 200'), 'GET posts/ → 200');
    assert.ok(r.redact(`${id}:${secret}`).startsWith(id));
  });

  it('ignores secrets too short to be safe to blank', () => {
    const r = new Redactor();
    r.add('abc');
    assert.equal(r.redact('abc def'), 'abc def');
  });
});
