import { parseAdminKey } from './adminKey';
import { GhostClient } from './client';
import { GhostApiError, GhostAuthorError, InvalidInputError, UnexpectedResponseError } from './errors';
import { GhostHttp, type HttpOptions } from './http';
import { isLoopbackHost, parseSiteUrl, withApiVersion, type SiteAddress } from './siteUrl';
import type { Identity, SiteInfo } from './types';

export interface Connection {
  site: SiteAddress;
  info: SiteInfo;
  identity: Identity;
  client: GhostClient;
}

export interface ConnectOptions extends HttpOptions {
  /**
   * Asked before a key is sent over plain http to a host other than this machine.
   * Resolve false to stop.
   */
  confirmInsecure?: (site: SiteAddress) => Promise<boolean>;
}

/** True when credentials for this site would cross a network unencrypted. */
export function isInsecure(site: SiteAddress): boolean {
  const url = new URL(site.adminUrl);
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/**
 * Checks a URL and key against the site: the site is probed without credentials first, so a
 * wrong URL is reported as such and the key is never sent to something that is not Ghost.
 */
export async function connectWithKey(url: string, rawKey: string, opts: ConnectOptions): Promise<Connection> {
  const site = parseSiteUrl(url);
  const key = parseAdminKey(rawKey);
  if (isInsecure(site) && !(await opts.confirmInsecure?.(site))) {
    throw new InvalidInputError('url', `${site.adminUrl} is not encrypted (http), so the key could be read on the way.`, 'Use the https:// address of the site.');
  }
  let client = GhostClient.withKey(site, key, opts);
  let info: SiteInfo;
  try {
    info = await client.siteInfo();
  } catch (e) {
    // Ghost 2–4 answer only on versioned paths; find which, before sending the key anywhere.
    const legacy = isNotFound(e) ? await findLegacyVersion(site, opts) : undefined;
    if (!legacy) { throw e; }
    client = GhostClient.withKey(legacy.site, key, opts);
    info = legacy.info;
  }
  checkSupported(info, site.adminUrl);
  let identity: Identity;
  try {
    identity = await client.identity();
  } catch (e) {
    if (GhostApiError.is(e) && e.status === 404) {
      throw new GhostApiError(e.status, e.body, `${site.adminUrl} is a Ghost site, but its Admin API did not answer as expected.`, 'Check that the URL is the admin address of the site.');
    }
    throw e;
  }
  return { site: client.site, info, identity, client };
}

/** Ghost 5 and 6 store posts as Lexical, which is what is sent: an older Ghost would keep nothing. */
export function checkSupported(info: SiteInfo, url: string): void {
  const major = Number(/^(\d+)/.exec(String(info.version))?.[1]);
  if (Number.isFinite(major) && major < 5) {
    throw new GhostAuthorError(`${url} runs Ghost ${info.version}; Ghost Author works with Ghost 5 and 6.`,
      'Ghost before 5 stores posts in another format, so what is published would be lost. Update the site to Ghost 5 or later (Ghost(Pro) sites already are).');
  }
}

function isNotFound(e: unknown): boolean {
  return (GhostApiError.is(e) || UnexpectedResponseError.is(e)) && e.status === 404;
}

const LEGACY_VERSIONS = ['v4', 'v3', 'v2', 'canary'];

async function findLegacyVersion(site: SiteAddress, opts: HttpOptions): Promise<{ site: SiteAddress; info: SiteInfo } | undefined> {
  for (const v of LEGACY_VERSIONS) {
    const candidate = withApiVersion(site, v);
    try {
      const info = await new GhostClient(new GhostHttp(candidate, { ...opts, retries: 0 })).siteInfo();
      return { site: candidate, info };
    } catch (e) {
      if (!isNotFound(e)) { throw e; }
    }
  }
  return undefined;
}

export { describeIdentity } from './identity';
