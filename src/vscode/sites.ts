import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Identity } from '../core/ghost/types';
import type { Logger } from '../core/log';
import type { Redactor } from '../core/redact';
import { SecretKeys } from '../constants';

/** What is known of a connected site. Not secret, but kept beside the secrets (see SecretKeys). */
export interface SiteProfile {
  id: string;
  adminUrl: string;
  title: string;
  version?: string;
  /** Ghost 2–4 only: the versioned API path (`v4`…) the site answers on. */
  apiVersion?: string;
  auth: 'key' | 'session';
  identity?: Identity;
  /** The user's email for a session sign-in (a name to show, not a credential). */
  email?: string;
  /**
   * The writer confirmed plain http for this site, which is not this computer: its credential may
   * travel unencrypted. Without it such a site is never sent anything (see ClientPool).
   */
  allowHttp?: boolean;
}

export type Credential = { type: 'key'; key: string } | { type: 'session'; cookie: string };

interface StoredList { active?: string; sites: SiteProfile[] }

/**
 * The connected sites and their credentials, all in SecretStorage so that another window's
 * change (a rotated key, a removed site) reaches this one through `onDidChange`.
 */
export class SiteStore implements vscode.Disposable {
  private list: StoredList = { sites: [] };
  private readonly changed = new vscode.EventEmitter<{ credentialOf?: string; profileOf?: string }>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Logger, private readonly redactor: Redactor) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SecretKeys.sites) {
        void this.load().then(() => this.changed.fire({}));
      } else if (e.key.startsWith('ghostAuthor.site.')) {
        const id = e.key.split('.')[2];
        void this.credential(id ?? '').then(() => this.changed.fire({ credentialOf: id }));
      }
    });
  }

  async load(): Promise<void> {
    const raw = await this.secrets.get(SecretKeys.sites);
    if (!raw) {
      this.list = { sites: [] };
      return;
    }
    try {
      const parsed = JSON.parse(raw) as StoredList;
      this.list = { active: parsed.active, sites: Array.isArray(parsed.sites) ? parsed.sites : [] };
    } catch (e) {
      this.log.error(`The saved site list could not be read (${(e as Error).message}); starting with none.`);
      this.list = { sites: [] };
    }
  }

  get sites(): readonly SiteProfile[] {
    return this.list.sites;
  }

  get active(): SiteProfile | undefined {
    return this.list.sites.find((s) => s.id === this.list.active) ?? this.list.sites[0];
  }

  get(id: string): SiteProfile | undefined {
    return this.list.sites.find((s) => s.id === id);
  }

  findByUrl(adminUrl: string): SiteProfile | undefined {
    return this.list.sites.find((s) => s.adminUrl === adminUrl);
  }

  /** Adds a site, or replaces the one with the same admin URL; the credential is saved first. */
  async save(profile: Omit<SiteProfile, 'id'> & { id?: string }, credential: Credential): Promise<SiteProfile> {
    const existing = profile.id ? this.get(profile.id) : this.findByUrl(profile.adminUrl);
    const id = existing?.id ?? profile.id ?? randomBytes(8).toString('hex');
    const full: SiteProfile = { ...profile, id };
    registerSecret(this.redactor, credential);
    await this.secrets.store(SecretKeys.credential(id), JSON.stringify(credential));
    const sites = this.list.sites.filter((s) => s.id !== id);
    sites.push(full);
    this.list = { active: id, sites };
    await this.persist();
    return full;
  }

  /** Replaces a site's credential alone (a renewed session cookie). */
  async setCredential(id: string, credential: Credential): Promise<void> {
    registerSecret(this.redactor, credential);
    await this.secrets.store(SecretKeys.credential(id), JSON.stringify(credential));
  }

  async setActive(id: string): Promise<void> {
    if (!this.get(id)) { return; }
    this.list = { ...this.list, active: id };
    await this.persist();
  }

  /** Changes what is known of a site (title, version, identity); its credentials are untouched. */
  async update(id: string, patch: Partial<Omit<SiteProfile, 'id'>>): Promise<void> {
    this.list = { ...this.list, sites: this.list.sites.map((s) => (s.id === id ? { ...s, ...patch } : s)) };
    await this.persist({ profileOf: id });
  }

  /** Removes the site and its credential; nothing of it is left in SecretStorage. */
  async remove(id: string): Promise<void> {
    await this.secrets.delete(SecretKeys.credential(id));
    const sites = this.list.sites.filter((s) => s.id !== id);
    this.list = { active: this.list.active === id ? sites[0]?.id : this.list.active, sites };
    await this.persist();
  }

  async credential(id: string): Promise<Credential | undefined> {
    const raw = await this.secrets.get(SecretKeys.credential(id));
    if (!raw) { return undefined; }
    try {
      const cred = JSON.parse(raw) as Credential;
      registerSecret(this.redactor, cred);
      return cred;
    } catch {
      this.log.error(`The saved credential of site ${id} is unreadable; connect the site again.`);
      return undefined;
    }
  }

  private async persist(event: { profileOf?: string } = {}): Promise<void> {
    await this.secrets.store(SecretKeys.sites, JSON.stringify(this.list));
    this.changed.fire(event);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Every credential loaded is known to the redactor before it can reach any log line. */
function registerSecret(redactor: Redactor, c: Credential): void {
  if (c.type === 'key') {
    redactor.add(c.key);
    redactor.add(c.key.split(':')[1]);
  } else {
    redactor.add(c.cookie);
    for (const part of c.cookie.split(';')) { redactor.add(part.split('=').slice(1).join('=').trim()); }
  }
}
