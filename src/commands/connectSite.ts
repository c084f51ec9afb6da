import * as vscode from 'vscode';
import { parseAdminKey } from '../core/ghost/adminKey';
import { connectWithKey, describeIdentity } from '../core/ghost/connect';
import { errorMessage } from '../core/ghost/errors';
import { parseSiteUrl } from '../core/ghost/siteUrl';
import { USER_AGENT } from '../core/version';
import type { Services } from '../services';
import type { SiteProfile } from '../vscode/sites';
import { Cancelled } from './register';

export interface ConnectArgs { url?: string; key?: string }

/**
 * Connects a site with an Admin API key or staff access token. Prompts for what `args` lacks;
 * the key is checked against the site before anything is saved, and is saved only in SecretStorage.
 */
export async function connectSite(s: Services, args?: ConnectArgs): Promise<SiteProfile> {
  const url = args?.url ?? await vscode.window.showInputBox({
    title: 'Connect a Ghost site (1/2)',
    prompt: 'The address of your Ghost site (or its admin domain)',
    placeHolder: 'https://example.com',
    ignoreFocusOut: true,
    validateInput: (v) => { try { parseSiteUrl(v); return undefined; } catch (e) { return errorMessage(e); } },
  });
  if (url === undefined) { throw new Cancelled(); }
  const key = args?.key ?? await vscode.window.showInputBox({
    title: 'Connect a Ghost site (2/2)',
    prompt: 'Admin API key (Settings → Integrations → custom integration) or your staff access token',
    placeHolder: '24-character id:64-character secret',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => { try { parseAdminKey(v.trim()); return undefined; } catch (e) { return errorMessage(e); } },
  });
  if (key === undefined) { throw new Cancelled(); }
  // Keys pasted into the prompt often carry a stray newline; arguments are taken as given.
  const cleanKey = args?.key === undefined ? key.trim() : key;

  let allowHttp = false;
  const conn = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ghost: checking the site and key…', cancellable: false },
    () => connectWithKey(url, cleanKey, {
      userAgent: USER_AGENT,
      logger: s.log,
      confirmInsecure: async (site) => {
        allowHttp = await confirmPlainHttp(site.adminUrl, 'key');
        return allowHttp;
      },
    }),
  );
  if (conn.identity.kind === 'staff' && conn.identity.role === 'Contributor') {
    s.log.info(`Connected as a Contributor: drafts can be created, publishing needs an Editor or Administrator.`);
  }
  const profile = await s.sites.save({
    adminUrl: conn.site.adminUrl,
    title: conn.info.title || new URL(conn.site.adminUrl).host,
    version: conn.info.version,
    apiVersion: conn.site.apiVersion,
    auth: 'key',
    identity: conn.identity,
    // What was confirmed is kept for this site: its requests go over plain http from now on.
    ...(allowHttp ? { allowHttp } : {}),
  }, { type: 'key', key: cleanKey });
  s.clients.forget(profile.id);
  s.log.info(`Connected ${profile.title} (${profile.adminUrl}, Ghost ${profile.version}) with ${describeIdentity(conn.identity)}.`);
  if (args === undefined) {
    void vscode.window.showInformationMessage(`Connected to ${profile.title} (${describeIdentity(conn.identity)}).`);
  }
  return profile;
}

/**
 * Asks, in a modal, before a credential goes over plain http to a host other than this computer;
 * the answer is kept with the site (SiteProfile.allowHttp). True when the writer accepts the risk.
 */
export async function confirmPlainHttp(adminUrl: string, what: 'key' | 'password'): Promise<boolean> {
  const go = await vscode.window.showWarningMessage(
    `${adminUrl} uses plain http and is not this computer: your ${what}${what === 'key' ? '\'s tokens' : ', then the session cookie,'} and every post would travel unencrypted, so anyone on the way could read them and act as you on the site.`,
    { modal: true, detail: 'Use the https:// address if the site has one. Allowing plain http is kept for this site until you remove it.' }, 'Allow plain http for this site');
  return go === 'Allow plain http for this site';
}
