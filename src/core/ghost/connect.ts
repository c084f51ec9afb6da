// The one door to a site: every connection, in the CLI and in VS Code, is checked here before any
// credential is sent. Plain http is used only for this machine or a site the writer allowed it for,
// and the site is asked who it is, without credentials, before a token first leaves.
import { parseAdminKey, type AdminKey } from './adminKey';
import { KeyAuth } from './auth';
import { GhostClient } from './client';
import { GhostApiError, GhostAuthorError, InvalidInputError, UnexpectedResponseError } from './errors';
import { GhostHttp, type Auth, type HttpOptions } from './http';
import { audienceFor, isInsecure, parseSiteUrl, withApiVersion, type SiteAddress } from './siteUrl';
import type { Identity, SiteInfo } from './types';

export interface Connection {
  site: SiteAddress;
  info: SiteInfo;
  identity: Identity;
  client: GhostClient;
}

export interface TransportOptions {
  /**
   * The writer allowed plain http for this site (the CLI's --allow-http, a site confirmed so in
   * VS Code): credentials may then cross the network unencrypted. The caller warns.
   */
  allowHttp?: boolean;
}

export interface ConnectOptions extends HttpOptions, TransportOptions {
  /**
   * Asked before a key is sent over plain http to a host other than this machine, when plain http
   * is not allowed for the site already. Resolve false to stop.
   */
  confirmInsecure?: (site: SiteAddress) => Promise<boolean>;
}

export { isInsecure };

/** What the writer is told when plain http is allowed for a site: the risk, by name. */
export function insecureWarning(site: SiteAddress): string {
  return `${site.adminUrl} uses plain http and is not this computer: the Admin API key's tokens (or the session cookie) and every post travel unencrypted, so anyone on the way can read them and act as you on the site until the key is regenerated.`;
}

/**
 * The transport rule, checked before anything is sent: https, or plain http to this machine
 * (localhost, 127.x.x.x, [::1]), or plain http the writer allowed for this site. Throws otherwise.
 */
export function checkTransport(site: SiteAddress, opts: TransportOptions = {}): void {
  if (isInsecure(site) && !opts.allowHttp) { throw insecureError(site); }
}

function insecureError(site: SiteAddress): InvalidInputError {
  return new InvalidInputError('url', `${site.adminUrl} is not encrypted (http) and is not this computer, so the key would travel in clear and could be read on the way; nothing was sent.`,
    'Use the https:// address of the site. If it has none and you accept the risk, allow plain http for this site explicitly (ghost-author --allow-http; in VS Code, connect the site again and confirm).');
}

/**
 * The site as Ghost answers it, asked without credentials: the probe made before a key is first
 * sent, so a wrong URL (or something that is not Ghost) never sees a token. Ghost 2–4 answer only on
 * versioned paths: those are tried, and refused as unsupported.
 */
export async function probeSite(site: SiteAddress, opts: HttpOptions, via?: GhostClient): Promise<{ site: SiteAddress; info: SiteInfo }> {
  const anonymous: HttpOptions = { ...opts, auth: undefined, recheck: undefined };
  let found: { site: SiteAddress; info: SiteInfo };
  try {
    // siteInfo asks without credentials whichever client it goes through (`via`: counted in its stats).
    found = { site, info: await (via ?? new GhostClient(new GhostHttp(site, anonymous))).siteInfo() };
  } catch (e) {
    // Ghost 2–4 answer only on versioned paths; find which, before sending the key anywhere.
    const legacy = isNotFound(e) && !site.apiVersion ? await findLegacyVersion(site, anonymous) : undefined;
    if (!legacy) { throw e; }
    found = legacy;
  }
  checkSupported(found.info, site.adminUrl);
  return found;
}

/**
 * A key client through the door: the transport rule is checked now (throwing, with nothing sent),
 * and the first request carrying a token waits for the probe (`admit`, by default probeSite); a
 * probe that fails fails that request, and the key is never sent. Requests without credentials go
 * as they come.
 */
export function keyClient(site: SiteAddress, key: AdminKey, opts: HttpOptions & TransportOptions & { admit?: (client: GhostClient) => Promise<void> }): GhostClient {
  checkTransport(site, opts);
  const { admit = async (c: GhostClient) => { await probeSite(site, http, c); }, allowHttp: _allowed, ...http } = opts;
  void _allowed;
  const client: GhostClient = gatedClient(site, new KeyAuth(key, { logger: opts.logger, audience: audienceFor(site) }), () => admit(client), http);
  return client;
}

/**
 * A client whose credentials are applied only once `admit` has resolved (asked once, shared by the
 * requests waiting for it; asked again after a failure, the site may have been down). The auth
 * object stays itself, so what it is (a session's cookie, a key's signer) is still at hand.
 */
export function gatedClient(site: SiteAddress, auth: Auth, admit: () => Promise<void>, opts: HttpOptions): GhostClient {
  let admitted: Promise<void> | undefined;
  const apply = auth.apply.bind(auth);
  auth.apply = async (headers) => {
    admitted ??= admit().catch((e: unknown) => { admitted = undefined; throw e; });
    await admitted;
    return apply(headers);
  };
  return new GhostClient(new GhostHttp(site, { ...opts, auth }));
}

/**
 * Checks a URL and key against the site: the site is probed without credentials first, so a
 * wrong URL is reported as such and the key is never sent to something that is not Ghost.
 */
export async function connectWithKey(url: string, rawKey: string, opts: ConnectOptions): Promise<Connection> {
  const site = parseSiteUrl(url);
  const key = parseAdminKey(rawKey);
  const { confirmInsecure, allowHttp, ...httpOpts } = opts;
  if (isInsecure(site) && !allowHttp && !(await confirmInsecure?.(site))) { throw insecureError(site); }
  const probed = await probeSite(site, httpOpts);
  const info = probed.info;
  const client = GhostClient.withKey(probed.site, key, httpOpts);
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
