import * as vscode from 'vscode';
import { SessionAuth } from '../core/ghost/auth';
import { GhostClient } from '../core/ghost/client';
import { checkSupported, connectWithKey, describeIdentity, isInsecure } from '../core/ghost/connect';
import { GhostAuthorError, InvalidInputError } from '../core/ghost/errors';
import { SessionClient } from '../core/ghost/session';
import { parseSiteUrl } from '../core/ghost/siteUrl';
import { USER_AGENT } from '../core/version';
import type { Services } from '../services';
import type { SiteProfile } from '../vscode/sites';
import { confirmPlainHttp } from './connectSite';
import { Cancelled } from './register';
import { pickSite } from './sites';

export interface SignInArgs { url?: string; email?: string; password?: string; code?: string }

async function ask(value: string | undefined, opts: vscode.InputBoxOptions): Promise<string> {
  const v = value ?? await vscode.window.showInputBox({ ignoreFocusOut: true, ...opts });
  if (v === undefined) { throw new Cancelled(); }
  return v;
}

/**
 * Signs in as a staff user with email and password. The password is used once and never kept;
 * the session cookie Ghost returns is the credential, stored in SecretStorage. When Ghost asks
 * to verify the device, the emailed code is asked for (an empty answer sends a new one).
 */
export async function signIn(s: Services, args: SignInArgs = {}): Promise<SiteProfile> {
  const url = await ask(args.url, { title: 'Sign in to Ghost (1/3)', prompt: 'The address of your Ghost site (or its admin domain)', placeHolder: 'https://example.com' });
  const site = parseSiteUrl(url);
  const email = await ask(args.email, { title: 'Sign in to Ghost (2/3)', prompt: 'Your staff email', placeHolder: 'you@example.com' });
  const password = await ask(args.password, { title: 'Sign in to Ghost (3/3)', prompt: 'Your Ghost password (used once, never stored)', password: true });
  s.redactor.add(password);
  const allowHttp = isInsecure(site);
  if (allowHttp && !(await confirmPlainHttp(site.adminUrl, 'password'))) {
    throw new InvalidInputError('url', 'Signing in over plain http was cancelled.', 'Use the https:// address of the site.');
  }
  const existing = s.sites.findByUrl(site.adminUrl);
  if (existing?.auth === 'key' && args.password === undefined) {
    const ok = await vscode.window.showWarningMessage(`${existing.title} is connected with a key. Signing in replaces that connection.`, { modal: true }, 'Sign in instead');
    if (!ok) { throw new Cancelled(); }
  }
  const auth = new SessionAuth();
  const client = GhostClient.withSession(site, auth, { userAgent: USER_AGENT, logger: s.log });
  const info = await client.siteInfo();
  // Before the password is sent.
  checkSupported(info, site.adminUrl);
  const session = new SessionClient(client.http, auth);
  const result = await session.signIn(email, password);
  if (result.status === 'needs-code') {
    let code = args.code;
    for (;;) {
      code ??= await ask(undefined, {
        title: `Verify this device for ${info.title}`,
        prompt: 'Ghost emailed you a 6-digit code. Enter it; leave it empty and press Enter to get a new one.',
        placeHolder: '123456',
        validateInput: (v) => (v.trim() === '' || /^\d{6}$/.test(v.replace(/\s+/g, '')) ? undefined : 'The code is six digits.'),
      });
      if (code.trim() === '') {
        await session.resendCode();
        void vscode.window.showInformationMessage('Ghost sent a new code by email.');
        code = undefined;
        continue;
      }
      try {
        await session.verify(code);
        break;
      } catch (e) {
        if (args.code !== undefined) { throw e; }
        void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
        code = undefined;
      }
    }
  }
  const identity = await client.identity();
  s.redactor.add(auth.cookieHeader);
  const profile = await s.sites.save({
    adminUrl: site.adminUrl, title: info.title || new URL(site.adminUrl).host, version: info.version,
    auth: 'session', email, identity, ...(allowHttp ? { allowHttp } : {}),
  }, { type: 'session', cookie: auth.cookieHeader });
  s.clients.forget(profile.id);
  s.log.info(`Signed in to ${profile.title} as ${describeIdentity(identity)}.`);
  return profile;
}

/** Ends a user session in Ghost and forgets it here. */
export async function signOut(s: Services, arg?: unknown, opts?: { confirm?: boolean }): Promise<void> {
  const site = await pickSite(s, arg, 'Sign out of which site?');
  if (site.auth !== 'session') {
    throw new GhostAuthorError(`${site.title} is connected with a key, not signed in.`, 'Use “Ghost: Remove Site…” to forget the key.');
  }
  if (opts?.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(`Sign out of ${site.title}?`, { modal: true, detail: 'The session ends in Ghost and is removed from this computer.' }, 'Sign out');
    if (!ok) { throw new Cancelled(); }
  }
  const client = await s.clients.client(site);
  const auth = client.http.auth as SessionAuth;
  await new SessionClient(client.http, auth).signOut().catch((e: unknown) => s.log.warn(`Ghost did not confirm the sign-out: ${String(e)}`));
  await s.sites.remove(site.id);
  s.clients.forget(site.id);
  s.log.info(`Signed out of ${site.title}.`);
}

/**
 * Replaces a site's key: the new one is checked against the same site before the old one is
 * dropped, then the writer is reminded to regenerate the old key in Ghost so it stops working.
 */
export async function rotateKey(s: Services, arg?: unknown, args?: { key?: string }): Promise<SiteProfile> {
  const site = await pickSite(s, arg, 'Replace the key of which site?');
  const key = await ask(args?.key, { title: `New key for ${site.title}`, prompt: 'The new Admin API key or staff access token', password: true });
  // The door as for any connection: plain http only as confirmed for this site, or confirmed now.
  let allowHttp = site.allowHttp === true;
  const conn = await connectWithKey(site.adminUrl, args?.key === undefined ? key.trim() : key, {
    userAgent: USER_AGENT, logger: s.log, allowHttp,
    confirmInsecure: async (address) => { allowHttp = await confirmPlainHttp(address.adminUrl, 'key'); return allowHttp; },
  });
  if (conn.site.adminUrl !== site.adminUrl) {
    throw new GhostAuthorError('The new key answered for another address; the old key was kept.');
  }
  const profile = await s.sites.save({ ...site, version: conn.info.version, identity: conn.identity, auth: 'key', email: undefined, ...(allowHttp ? { allowHttp } : {}) }, { type: 'key', key: args?.key === undefined ? key.trim() : key });
  s.clients.forget(site.id);
  s.log.info(`Replaced the key of ${site.title} (${describeIdentity(conn.identity)}).`);
  void vscode.window.showInformationMessage(`The new key of ${site.title} works and replaced the old one. Regenerate the old key in Ghost Admin (Settings → Integrations, or your profile's staff token) so it stops working.`);
  return profile;
}
