import * as assert from 'node:assert/strict';
import { SessionAuth } from '../../src/core/ghost/auth';
import { GhostClient } from '../../src/core/ghost/client';
import { GhostApiError, GhostAuthorError, InvalidInputError } from '../../src/core/ghost/errors';
import { SessionClient } from '../../src/core/ghost/session';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { FakeGhost } from '../support/fake/fakeGhost';

describe('session sign-in against the fake Ghost', () => {
  let ghost: FakeGhost;
  const user = { email: 'writer@example.com', password: 'correct horse battery', name: 'Writer', slug: 'writer', role: 'Author' };
  beforeEach(async () => {
    ghost = await new FakeGhost().start();
    ghost.users.push(user);
  });
  afterEach(async () => { await ghost.stop(); });

  function make(): { auth: SessionAuth; client: GhostClient; session: SessionClient; changes: string[] } {
    const auth = new SessionAuth();
    const changes: string[] = [];
    auth.onCookieChange = (c) => changes.push(c);
    const client = GhostClient.withSession(parseSiteUrl(ghost.url), auth, { userAgent: 'test', sleep: async () => undefined });
    return { auth, client, session: new SessionClient(client.http, auth), changes };
  }

  it('signs in, keeps the cookie (not the password), and acts as the user', async () => {
    const { auth, client, session, changes } = make();
    assert.deepEqual(await session.signIn(user.email, user.password), { status: 'signed-in' });
    assert.ok(auth.hasSession);
    assert.ok(!auth.cookieHeader.includes(user.password));
    assert.equal(changes.length, 1);
    assert.deepEqual(await client.identity(), { kind: 'staff', id: 'writer', name: 'Writer', email: user.email, slug: 'writer', role: 'Author' });
  });

  it('asks for the emailed code on a new device, verifies it, and can resend it', async () => {
    ghost.deviceVerification = true;
    const { client, session } = make();
    assert.deepEqual(await session.signIn(user.email, user.password), { status: 'needs-code', reason: '2FA_NEW_DEVICE_DETECTED' });
    assert.equal(await session.isValid(), false);
    await assert.rejects(session.verify('000000'), (e: unknown) => GhostAuthorError.is(e) && /did not accept/.test(e.message));
    await session.resendCode();
    assert.equal(ghost.sentCodes.length, 2);
    await session.verify(` ${ghost.sentCodes.at(-1)} `);
    assert.equal(await session.isValid(), true);
    assert.equal((await client.identity()).kind, 'staff');
  });

  it('refuses a malformed code without sending it', async () => {
    const { session } = make();
    const before = ghost.requests.length;
    await assert.rejects(session.verify('12ab'), /six digits/);
    assert.equal(ghost.requests.length, before);
  });

  it('says which of email or password is wrong, and never retries a sign-in', async () => {
    const { session } = make();
    await assert.rejects(session.signIn(user.email, 'wrong'), (e: unknown) => GhostApiError.is(e) && /password is incorrect/.test(e.message) && /blocks sign-in/.test(e.hint ?? ''));
    assert.equal(ghost.requests.filter((r) => r.path.endsWith('/session/')).length, 1);
  });

  it('explains the lock-out after too many attempts, without retrying', async () => {
    const { session } = make();
    for (let i = 0; i < 5; i++) { await session.signIn(user.email, 'wrong').catch(() => undefined); }
    const before = ghost.requests.length;
    await assert.rejects(session.signIn(user.email, user.password), (e: unknown) => GhostApiError.is(e) && e.status === 429 && /blocked/.test(e.message));
    assert.equal(ghost.requests.length, before + 1);
  });

  it('signs out: the cookie is dropped here and the session ends in Ghost', async () => {
    const { auth, session } = make();
    await session.signIn(user.email, user.password);
    await session.signOut();
    assert.equal(auth.hasSession, false);
    assert.equal(ghost.sessions.size, 0);
  });

  it('detects a session that expired in Ghost', async () => {
    const { session } = make();
    await session.signIn(user.email, user.password);
    ghost.sessions.clear();
    assert.equal(await session.isValid(), false);
  });
});

describe('image upload against the fake Ghost', () => {
  let ghost: FakeGhost;
  beforeEach(async () => { ghost = await new FakeGhost().start(); });
  afterEach(async () => { await ghost.stop(); });

  const client = () => GhostClient.withKey(parseSiteUrl(ghost.url), { id: ghost.adminKey.id, secret: ghost.adminKey.secret }, { userAgent: 't' });

  it('sends the file with the MIME type of its extension and returns Ghost’s URL', async () => {
    const res = await client().uploadImage('photo one.png', { data: new Uint8Array([137, 80, 78, 71]), ref: 'photo one.png' });
    assert.match(res.url, /photo%20one\.png$/);
    assert.equal(res.ref, 'photo one.png');
    assert.deepEqual(ghost.uploads.map((u) => [u.filename, u.type]), [['photo one.png', 'image/png']]);
  });

  it('refuses a type Ghost would refuse, before sending', async () => {
    await assert.rejects(client().uploadImage('clip.tiff', { data: new Uint8Array([1]) }), (e: unknown) => InvalidInputError.is(e) && /\.jpg/.test(e.message));
    assert.equal(ghost.requests.length, 0);
  });
});
