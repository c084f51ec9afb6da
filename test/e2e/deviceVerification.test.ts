/**
 * Sign-in on a real Ghost 6 with staff device verification switched on, as it is by default in
 * production: Ghost emails a six-digit code, which the harness reads from its mail folder.
 */
import * as assert from 'node:assert/strict';
import { SessionAuth } from '../../src/core/ghost/auth';
import { GhostClient } from '../../src/core/ghost/client';
import { SessionClient } from '../../src/core/ghost/session';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { latestDeviceCode, startGhost, type GhostServer } from '../support/ghost/server';
import { MAJORS } from './servers';

const waitForCode = async (server: GhostServer, since: number, after?: string): Promise<string> => {
  for (let i = 0; i < 40; i++) {
    const code = latestDeviceCode(server.mailDir, since);
    if (code && code !== after) { return code; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no verification email arrived');
};

(MAJORS.includes(6) ? describe : describe.skip)('user sign-in with device verification on real Ghost 6', function () {
  this.timeout(120_000);
  let server: GhostServer;
  before(async function () {
    this.timeout(10 * 60_000);
    server = await startGhost({ major: 6, deviceVerification: true });
  });
  after(async () => { await server?.stop(); });

  it('asks for the emailed code, accepts it after a resend, and then acts as the user', async () => {
    const auth = new SessionAuth();
    const client = GhostClient.withSession(parseSiteUrl(server.url), auth, { userAgent: 'e2e' });
    const session = new SessionClient(client.http, auth);
    const since = Date.now() - 1000;
    const first = await session.signIn(server.editor.email, server.editor.password);
    assert.equal(first.status, 'needs-code');
    assert.ok(auth.hasSession, 'the unverified session cookie is kept: it is the device being verified');
    assert.equal(await session.isValid(), false);
    const firstCode = await waitForCode(server, since);
    await assert.rejects(session.verify(firstCode === '000000' ? '111111' : '000000'), /did not accept/);
    await session.resendCode();
    const code = await waitForCode(server, since, firstCode).catch(() => firstCode);
    await session.verify(code);
    assert.equal(await session.isValid(), true);
    const me = await client.identity();
    assert.equal(me.kind === 'staff' && me.role, 'Editor');
  });
});
