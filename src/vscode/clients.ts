import * as vscode from 'vscode';
import { parseAdminKey } from '../core/ghost/adminKey';
import type { GhostClient } from '../core/ghost/client';
import { GhostAuthorError } from '../core/ghost/errors';
import { audienceFor, isInsecure, parseSiteUrl, withApiVersion } from '../core/ghost/siteUrl';
import type { Logger } from '../core/log';
import { USER_AGENT } from '../core/version';
import type { SiteProfile, SiteStore } from './sites';

/**
 * One client per site, so its token is shared by every request; rebuilt when credentials change.
 * Every client goes through the door (core/ghost/connect.ts): plain http to another host only for a
 * site the writer confirmed it for, and a site never checked with the site itself (one imported
 * from GHOST_URL) or on plain http is probed without credentials before its first token or cookie.
 */
export class ClientPool implements vscode.Disposable {
  private readonly clients = new Map<string, Promise<GhostClient>>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly sites: SiteStore, private readonly log: Logger) {
    this.sub = sites.onDidChange((e) => {
      if (e.credentialOf) {
        this.clients.delete(e.credentialOf);
      } else {
        for (const id of [...this.clients.keys()]) {
          if (!sites.get(id)) { this.clients.delete(id); }
        }
      }
    });
  }

  forget(siteId: string): void {
    this.clients.delete(siteId);
  }

  client(site: SiteProfile): Promise<GhostClient> {
    let c = this.clients.get(site.id);
    if (!c) {
      c = this.create(site);
      c.catch(() => this.clients.delete(site.id));
      this.clients.set(site.id, c);
    }
    return c;
  }

  private async create(site: SiteProfile): Promise<GhostClient> {
    const cred = await this.sites.credential(site.id);
    const address = withApiVersion(parseSiteUrl(site.adminUrl), site.apiVersion);
    const insecure = isInsecure(address);
    if (insecure && !site.allowHttp) {
      throw new GhostAuthorError(`${site.title} (${site.adminUrl}) is not encrypted (http) and is not this computer: its ${cred?.type === 'session' ? 'session cookie' : 'key'} would travel in clear and could be read on the way, so nothing was sent.`,
        'Connect the site with its https:// address, or connect it again (Ghost: Connect Site…) and confirm plain http for it if you accept the risk.');
    }
    // The HTTP client (axios, jose) loads with the first request, keeping activation light.
    const [{ gatedClient, insecureWarning, probeSite }, { KeyAuth, SessionAuth }] = await Promise.all([import('../core/ghost/connect.js'), import('../core/ghost/auth.js')]);
    const opts = { userAgent: USER_AGENT, logger: this.log };
    if (!cred) {
      throw new GhostAuthorError(`No credentials are saved for ${site.title}.`, 'Connect the site again.');
    }
    if (insecure) { this.log.warn(`Plain http allowed for this site: ${insecureWarning(address)}`); }
    // A site connected here was probed then (its version is known) over https; any other is asked
    // who it is, without credentials, before the first request that carries them.
    const admit = site.version !== undefined && !insecure ? async () => undefined : async () => { await probeSite(address, opts); };
    if (cred.type === 'key') {
      return gatedClient(address, new KeyAuth(parseAdminKey(cred.key), { logger: this.log, audience: audienceFor(address) }), admit, opts);
    }
    const session = new SessionAuth(cred.cookie);
    // Ghost renews the cookie as it is used; keep the newest, or the session would lapse early.
    session.onCookieChange = (cookie) => {
      if (cookie) { void this.sites.setCredential(site.id, { type: 'session', cookie }); }
    };
    return gatedClient(address, session, admit, opts);
  }

  dispose(): void {
    this.sub.dispose();
    this.clients.clear();
  }
}
