import { parseAdminKey } from '../core/ghost/adminKey';
import { errorMessage } from '../core/ghost/errors';
import { isInsecure, parseSiteUrl } from '../core/ghost/siteUrl';
import type { Logger } from '../core/log';
import type { SiteStore } from './sites';

/**
 * Codespaces-style set-ups hand the site in as GHOST_URL and GHOST_ADMIN_API_KEY. The key is
 * moved into SecretStorage on first sight; nothing is sent over the network here (activation
 * must stay offline): the site is checked when it is first used.
 */
export async function importSiteFromEnvironment(sites: SiteStore, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const url = env.GHOST_URL;
  const key = env.GHOST_ADMIN_API_KEY;
  if (!url || !key) { return false; }
  try {
    const site = parseSiteUrl(url);
    parseAdminKey(key);
    const existing = sites.findByUrl(site.adminUrl);
    const saved = existing ? await sites.credential(existing.id) : undefined;
    if (saved?.type === 'key' && saved.key === key) { return false; }
    await sites.save({
      id: existing?.id,
      adminUrl: site.adminUrl,
      title: existing?.title ?? new URL(site.adminUrl).host,
      auth: 'key',
      // Plain http to another host stays refused unless the writer confirmed it for this site.
      ...(existing?.allowHttp ? { allowHttp: true } : {}),
    }, { type: 'key', key });
    log.info(`Imported ${site.adminUrl} from GHOST_URL and GHOST_ADMIN_API_KEY into the system keychain.`);
    if (isInsecure(site) && !existing?.allowHttp) {
      log.warn(`GHOST_URL is plain http to another computer: nothing is sent to ${site.adminUrl} until you connect it with its https:// address, or connect it again (Ghost: Connect Site…) and confirm plain http, accepting that the key would travel unencrypted.`);
    }
    return true;
  } catch (e) {
    log.warn(`GHOST_URL / GHOST_ADMIN_API_KEY were set but not usable: ${errorMessage(e)}`);
    return false;
  }
}
