import * as vscode from 'vscode';
import type { Services } from '../services';
import type { SiteNode } from '../views/nodes';
import type { SiteProfile } from '../vscode/sites';
import { Cancelled } from './register';

/** Resolves a site from a tree node, an id, or a quick pick. */
export async function pickSite(s: Services, arg: unknown, title: string): Promise<SiteProfile> {
  if (arg && typeof arg === 'object' && 'site' in arg) { return (arg as SiteNode).site; }
  if (typeof arg === 'string') {
    const byId = s.sites.get(arg) ?? s.sites.findByUrl(arg);
    if (byId) { return byId; }
  }
  if (s.sites.sites.length === 0) {
    throw new Cancelled();
  }
  const picked = await vscode.window.showQuickPick(
    s.sites.sites.map((site) => ({ label: site.title, description: site.adminUrl, site })),
    { title, ignoreFocusOut: true },
  );
  if (!picked) { throw new Cancelled(); }
  return picked.site;
}

export async function removeSite(s: Services, arg?: unknown, opts?: { confirm?: boolean }): Promise<void> {
  const site = await pickSite(s, arg, 'Remove which Ghost site?');
  if (opts?.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(
      `Remove ${site.title} from Ghost Author? Its saved key or sign-in is deleted from this computer; nothing changes on the site.`,
      { modal: true }, 'Remove');
    if (ok !== 'Remove') { throw new Cancelled(); }
  }
  await s.sites.remove(site.id);
  s.clients.forget(site.id);
  s.log.info(`Removed ${site.title} (${site.adminUrl}) and its credentials.`);
}

export async function switchSite(s: Services, arg?: unknown): Promise<SiteProfile> {
  const site = await pickSite(s, arg, 'Switch to which Ghost site?');
  await s.sites.setActive(site.id);
  return site;
}
