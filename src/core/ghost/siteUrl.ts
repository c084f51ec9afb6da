import { InvalidInputError } from './errors';

/** Where a site's Admin API lives, derived from whatever the user pasted. */
export interface SiteAddress {
  /** The admin origin plus any subdirectory, always ending in '/': `https://example.com/blog/`. */
  readonly adminUrl: string;
  /** `adminUrl` + `ghost/api/admin/` (or `ghost/api/v4/admin/` and the like on Ghost 2–4). */
  readonly apiBase: string;
  /** Set for Ghost 2–4 sites, which only answer on versioned paths. */
  readonly apiVersion?: string;
}

/** The same site on a legacy versioned path (`v2`, `v3`, `v4`, `canary`). */
export function withApiVersion(site: SiteAddress, version: string | undefined): SiteAddress {
  return version
    ? { adminUrl: site.adminUrl, apiBase: `${site.adminUrl}ghost/api/${version}/admin/`, apiVersion: version }
    : { adminUrl: site.adminUrl, apiBase: `${site.adminUrl}ghost/api/admin/` };
}

/** The token audience Ghost expects on this site's path. */
export function audienceFor(site: SiteAddress): string {
  return site.apiVersion ? `/${site.apiVersion}/admin/` : '/admin/';
}

/** Suffixes users copy from the browser bar or the integration page, longest first. */
const GHOST_SUFFIXES = [/\/ghost\/api\/(?:v\d+\/|canary\/)?admin(?:\/.*)?$/, /\/ghost(?:\/.*)?$/];

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** True when credentials for this site would cross a network unencrypted (plain http, not this computer). */
export function isInsecure(site: SiteAddress): boolean {
  const url = new URL(site.adminUrl);
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

/**
 * Accepts `example.com`, `https://example.com`, `https://example.com/ghost/#/posts`,
 * `https://example.com/blog/` and the like; refuses what cannot be a Ghost admin address.
 */
export function parseSiteUrl(input: string): SiteAddress {
  const raw = input.trim();
  if (!raw) {
    throw new InvalidInputError('url', 'The site URL is empty.', 'Enter the address of your Ghost site, e.g. https://example.com.');
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw)
    ? raw
    : `${LOOPBACK.test(raw.split(/[/:]/)[0] ?? '') ? 'http' : 'https'}://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidInputError('url', `"${raw}" is not a valid URL.`, 'Enter the address of your Ghost site, e.g. https://example.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('url', `"${url.protocol}" URLs are not supported.`, 'Use the http:// or https:// address of your Ghost site.');
  }
  if (url.username || url.password) {
    throw new InvalidInputError('url', 'The site URL contains a user name or password.', 'Remove them: Ghost Author asks for the key separately and keeps it in the system keychain.');
  }
  let pathname = url.pathname.replace(/\/+$/, '');
  for (const suffix of GHOST_SUFFIXES) {
    pathname = pathname.replace(suffix, '');
  }
  const adminUrl = `${url.protocol}//${url.host}${pathname}/`;
  return { adminUrl, apiBase: `${adminUrl}ghost/api/admin/` };
}

/** Joins an API path (`posts/`, `posts/abc/`) onto the base, making sure it ends in '/'. */
export function apiUrl(site: SiteAddress, path: string): string {
  const clean = path.replace(/^\/+/, '');
  const withSlash = clean === '' || clean.endsWith('/') ? clean : `${clean}/`;
  return `${site.apiBase}${withSlash}`;
}
