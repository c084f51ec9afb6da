import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseAdminKey } from '../ghost/adminKey';
import { GhostClient } from '../ghost/client';
import { checkSupported, checkTransport, connectWithKey, isInsecure, keyClient, probeSite, type ConnectOptions, type Connection } from '../ghost/connect';
import { GhostAuthorError } from '../ghost/errors';
import { parseSiteUrl, withApiVersion } from '../ghost/siteUrl';
import type { Identity } from '../ghost/types';
import { ownFileOnly, writeFileAtomic } from '../fsutil';
import { silentLogger, type Logger } from '../log';
import { ignoreItself, STATE_DIR } from './state';

export const SITES_FILE = 'sites.json';

/** How long what connecting learnt is used before the site is asked again. */
export const KNOWN_SITE_MAX_AGE_MS = 24 * 3600_000;

/**
 * What connecting to a site with one key learnt: kept by site and key id, never with the key's
 * secret nor anything made from it.
 */
export interface KnownSite {
  /** The site's admin address, as the URL given reads (parseSiteUrl). */
  site: string;
  /** Set for a site answering only on a versioned path. */
  apiVersion?: string;
  keyId: string;
  /** When the site was last asked (ISO). */
  checkedAt: string;
  info: { title: string; url: string; version: string };
  identity: Identity;
}

interface SitesFile {
  version: 1;
  sites: Record<string, KnownSite>;
}

const keyOf = (site: string, keyId: string) => `${site} ${keyId}`;

const isString = (v: unknown): v is string => typeof v === 'string';

/** A stored entry as it must be to be used; anything else is no entry (the site is asked). */
function valid(v: unknown): v is KnownSite {
  const e = v as Partial<KnownSite> | null;
  if (!e || typeof e !== 'object' || !isString(e.site) || !isString(e.keyId) || !isString(e.checkedAt) || Number.isNaN(Date.parse(e.checkedAt))) { return false; }
  if (e.apiVersion !== undefined && !isString(e.apiVersion)) { return false; }
  const info = e.info as Partial<KnownSite['info']> | undefined;
  if (!info || !isString(info.title) || !isString(info.url) || !isString(info.version)) { return false; }
  const id = e.identity as { kind?: string } & Partial<Omit<Extract<Identity, { kind: 'staff' }>, 'kind'>> | undefined;
  if (id?.kind === 'integration') { return true; }
  return id?.kind === 'staff' && isString(id.id) && isString(id.name) && isString(id.email) && isString(id.role) && isString(id.slug);
}

/**
 * The sites known from earlier runs, in `.ghost-author/sites.json` beside the state. A cache:
 * unreadable, it is empty; a write that fails is logged and costs the next run its requests.
 */
export class KnownSites {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string, private readonly logger: Logger = silentLogger) {}

  /** The file under a project root (where `.ghost-author/state.json` is kept). */
  static under(root: string, logger?: Logger): KnownSites {
    return new KnownSites(path.join(root, STATE_DIR, SITES_FILE), logger);
  }

  private async read(): Promise<SitesFile> {
    try {
      await ownFileOnly(this.file);
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<SitesFile> | null;
      const sites = parsed && typeof parsed.sites === 'object' && parsed.sites ? parsed.sites : {};
      return { version: 1, sites };
    } catch {
      return { version: 1, sites: {} };
    }
  }

  async get(site: string, keyId: string): Promise<KnownSite | undefined> {
    await this.writing;
    const e = (await this.read()).sites[keyOf(site, keyId)];
    return valid(e) && e.site === site && e.keyId === keyId ? e : undefined;
  }

  set(entry: KnownSite): Promise<void> {
    return this.change(entry.site, entry.keyId, () => entry);
  }

  forget(site: string, keyId: string): Promise<void> {
    return this.change(site, keyId, () => undefined);
  }

  /** Every write begun so far has ended. */
  settled(): Promise<void> {
    return this.writing;
  }

  /** Re-reads the file and changes one entry only, so entries another run wrote meanwhile stay. */
  private change(site: string, keyId: string, f: (e: KnownSite | undefined) => KnownSite | undefined): Promise<void> {
    const next = this.writing.then(async () => {
      const data = await this.read();
      const k = keyOf(site, keyId);
      const before = data.sites[k];
      const after = f(valid(before) ? before : undefined);
      if (after) { data.sites[k] = after; } else if (before !== undefined) { delete data.sites[k]; } else { return; }
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await ignoreItself(path.dirname(this.file));
      await ownFileOnly(this.file);
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
    }).catch((e: unknown) => {
      this.logger.warn(`${this.file} could not be written (${(e as Error).message}); the next run asks the site again.`);
    });
    this.writing = next;
    return next;
  }
}

export interface KnownConnectOptions extends ConnectOptions {
  sites: KnownSites;
  /** Ask the site whatever is known (and keep what it says). */
  fresh?: boolean;
  maxAgeMs?: number;
  now?: () => number;
}

/** A connection, and whether it came from what an earlier run learnt rather than from the site. */
export type KnownConnection = Connection & { known: boolean };

/**
 * connectWithKey, remembered: what connecting learns (version, title, who the key is, and the time
 * zone once asked) is kept per site and key id, and used instead of asking again while younger
 * than a day. An answer that says it changed (a refusal, a version mismatch, a redirect) drops it
 * and connects again, once, with every check of a first connect; the request is then sent again.
 * A key is never sent over plain http on the strength of what is kept: that site is always asked.
 */
export async function connectKnown(url: string, rawKey: string, opts: KnownConnectOptions): Promise<KnownConnection> {
  const { sites, fresh, maxAgeMs = KNOWN_SITE_MAX_AGE_MS, now = Date.now, ...connect } = opts;
  const site = parseSiteUrl(url);
  const key = parseAdminKey(rawKey);
  const log = connect.logger ?? silentLogger;
  // The door first: plain http to another host only where the writer allowed it, nothing sent else.
  checkTransport(site, connect);

  const connectNew = async (): Promise<KnownConnection> => {
    const c = await connectWithKey(url, rawKey, connect);
    if (isInsecure(site)) { return { ...c, known: false }; }
    const entry: KnownSite = {
      site: site.adminUrl, keyId: key.id, checkedAt: new Date(now()).toISOString(),
      ...(c.site.apiVersion ? { apiVersion: c.site.apiVersion } : {}),
      info: { title: c.info.title, url: c.info.url, version: c.info.version }, identity: c.identity,
    };
    await sites.set(entry);
    return { ...c, known: false };
  };

  if (fresh || isInsecure(site)) { return connectNew(); }
  const entry = await sites.get(site.adminUrl, key.id);
  const age = entry ? now() - Date.parse(entry.checkedAt) : NaN;
  if (!entry || !(age >= 0 && age < maxAgeMs)) {
    if (entry) { log.debug(`What was known of ${site.adminUrl} is ${Math.round(age / 60_000)} min old: asking the site again.`); }
    return connectNew();
  }
  checkSupported(entry.info, site.adminUrl);
  const known = withApiVersion(site, entry.apiVersion);
  const conn: KnownConnection = {
    site: known, info: { ...entry.info }, identity: entry.identity, known: true,
    client: GhostClient.withKey(known, key, {
      ...connect,
      recheck: async () => {
        await sites.forget(site.adminUrl, key.id);
        const again = await connectNew();
        if (again.site.apiBase !== known.apiBase) {
          throw new GhostAuthorError(`${site.adminUrl} now answers at ${again.site.apiBase}.`, 'Run the command again.');
        }
        // Who the key is now, for what is decided after this (what was sent is sent again as it was).
        Object.assign(conn, { info: again.info, identity: again.identity, known: false });
      },
    }),
  };
  // The site's time zone is not taken from here: a zone-less date decides when a post goes public,
  // and the zone may have changed since; it is asked (once per run) only when such a date is sent.
  log.debug(`${site.adminUrl}: Ghost ${entry.info.version}, ${entry.identity.kind}, as known since ${entry.checkedAt} (not asked again).`);
  return conn;
}

/**
 * A key client for what may be read without connecting first (status, sync --plan, publish
 * --dry-run), through the same door as connectKnown: the transport rule now, and before the first
 * token the probe without credentials, unless this site and key were checked within the day (over
 * https only: a site on plain http is always probed).
 */
export function knownKeyClient(url: string, rawKey: string, opts: KnownConnectOptions): GhostClient {
  const { sites, fresh, maxAgeMs = KNOWN_SITE_MAX_AGE_MS, now = Date.now, ...rest } = opts;
  // Nothing is asked here: plain http to another host is allowed by allowHttp alone.
  const { confirmInsecure, ...http } = rest;
  void confirmInsecure;
  const site = parseSiteUrl(url);
  const key = parseAdminKey(rawKey);
  return keyClient(site, key, {
    ...http,
    admit: async (client) => {
      const entry = fresh || isInsecure(site) ? undefined : await sites.get(site.adminUrl, key.id);
      const age = entry ? now() - Date.parse(entry.checkedAt) : NaN;
      if (entry && !entry.apiVersion && age >= 0 && age < maxAgeMs) { checkSupported(entry.info, site.adminUrl); return; }
      await probeSite(site, http, client);
    },
  });
}
