import * as vscode from 'vscode';
import { parseAdminKey } from '../core/ghost/adminKey';
import type { GhostClient } from '../core/ghost/client';
import { GhostAuthorError } from '../core/ghost/errors';
import { parseSiteUrl, withApiVersion } from '../core/ghost/siteUrl';
import type { Logger } from '../core/log';
import { USER_AGENT } from '../core/version';
import type { SiteProfile, SiteStore } from './sites';

/** One client per site, so its token is shared by every request; rebuilt when credentials change. */
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
    // The HTTP client (axios, jose) loads with the first request, keeping activation light.
    const [{ GhostClient }, { SessionAuth }] = await Promise.all([import('../core/ghost/client.js'), import('../core/ghost/auth.js')]);
    const opts = { userAgent: USER_AGENT, logger: this.log };
    if (!cred) {
      throw new GhostAuthorError(`No credentials are saved for ${site.title}.`, 'Connect the site again.');
    }
    if (cred.type === 'key') {
      return GhostClient.withKey(address, parseAdminKey(cred.key), opts);
    }
    const session = new SessionAuth(cred.cookie);
    // Ghost renews the cookie as it is used; keep the newest, or the session would lapse early.
    session.onCookieChange = (cookie) => {
      if (cookie) { void this.sites.setCredential(site.id, { type: 'session', cookie }); }
    };
    return GhostClient.withSession(address, session, opts);
  }

  dispose(): void {
    this.sub.dispose();
    this.clients.clear();
  }
}
