import * as vscode from 'vscode';
import { readLink } from '../core/content/link';
import { parseFrontMatter } from '../core/content/frontMatter';
import { GhostAuthorError } from '../core/ghost/errors';
import type { Services } from '../services';
import { siteFor } from '../vscode/publishRunner';
import { previewEmail, previewLink, sendTestEmail, type Reader } from '../core/publish/email';
import { isLive } from '../core/ghost/types';
import { emailDocument } from '../core/content/emailDocument';
import { describeUrl, isWebUrl } from '../core/safeUrl';
import { Cancelled } from './register';

/** VS Code's own Markdown preview, which renders with Ghost Author's plugins and styles. */
export async function preview(_s: Services, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}

/**
 * Opens Ghost's own preview of the linked post: a draft's preview link on the site's domain, as
 * the reader the writer picks (anonymous, free or paying member), or the live post.
 */
export async function openGhostPreview(s: Services, arg?: unknown): Promise<string> {
  const a = (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {}) as { as?: Reader | 'full'; open?: boolean };
  const doc = vscode.window.activeTextEditor?.document;
  const id = doc ? readLink(doc.getText())?.id : undefined;
  if (!doc || !id) {
    throw new GhostAuthorError('This file is not linked to a Ghost post yet.', 'Push it first (Ghost: Push Content).');
  }
  const site = siteFor(s, doc.getText());
  const client = await s.clients.client(site);
  const type = parseFrontMatter(doc.getText()).data.type === 'page' ? 'pages' : 'posts';
  const post = await client.resource(type).read(id, { fields: ['id', 'uuid', 'status', 'url'] });
  let as = a.as;
  if (!as && !isLive(post.status)) {
    const pick = await vscode.window.showQuickPick([
      { label: 'As an anonymous visitor', as: 'anonymous' as const },
      { label: 'As a free member', as: 'free' as const },
      { label: 'As a paying member', as: 'paid' as const },
      { label: 'Everything (no members-only cut)', as: 'full' as const },
    ], { title: 'Preview the draft on the site' });
    if (!pick) { throw new Cancelled(); }
    as = pick.as;
  }
  const url = previewLink(post, (await client.siteInfo()).url, as === 'full' ? undefined : as);
  // The address is made of what the site answered: only an http(s) one goes to the browser.
  if (!isWebUrl(url)) {
    throw new GhostAuthorError(`The site gave ${describeUrl(url)} as the post's address; only http and https addresses are opened.`, 'Check the site\'s URL setting in Ghost Admin.');
  }
  if (a.open !== false) { await vscode.env.openExternal(vscode.Uri.parse(url, true)); }
  return url;
}

async function linkedPost(s: Services): Promise<{ doc: vscode.TextDocument; id: string; client: Awaited<ReturnType<Services['clients']['client']>> }> {
  const doc = vscode.window.activeTextEditor?.document;
  const id = doc ? readLink(doc.getText())?.id : undefined;
  if (!doc || !id) {
    throw new GhostAuthorError('This file is not linked to a Ghost post yet.', 'Push it first (Ghost: Push Content).');
  }
  return { doc, id, client: await s.clients.client(siteFor(s, doc.getText())) };
}

function emailView(doc: vscode.TextDocument): { newsletter?: string; segment?: string } {
  const data = parseFrontMatter(doc.getText()).data;
  return { newsletter: typeof data.newsletter === 'string' ? data.newsletter : undefined, segment: typeof data.email_segment === 'string' ? data.email_segment : undefined };
}

/**
 * Ghost's own rendering of the linked post's email (for the newsletter and segment its file
 * names), in a webview that runs no script and loads nothing but images.
 */
export async function previewEmailCommand(s: Services): Promise<{ subject: string; html: string; title: string; scripts: boolean }> {
  const { doc, id, client } = await linkedPost(s);
  const p = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Ghost: rendering the email' }, () => previewEmail(client, id, emailView(doc)));
  const panel = vscode.window.createWebviewPanel('ghostAuthor.emailPreview', `Email: ${p.subject}`, vscode.ViewColumn.Beside, { enableScripts: false, enableForms: false, enableCommandUris: false, localResourceRoots: [] });
  panel.webview.html = emailDocument(p.html, p.subject);
  return { subject: p.subject, html: panel.webview.html, title: panel.title, scripts: panel.webview.options.enableScripts === true };
}

/** One test email of the linked post to a staff address (yours by default). */
export async function sendTestEmailCommand(s: Services, arg?: unknown): Promise<string | undefined> {
  const a = (arg && typeof arg === 'object' ? arg : {}) as { to?: string };
  const { doc, id, client } = await linkedPost(s);
  const site = siteFor(s, doc.getText());
  const mine = site.identity?.kind === 'staff' ? site.identity.email : undefined;
  const to = a.to ?? await vscode.window.showInputBox({ title: 'Send a test email', prompt: 'To a staff user of the site', value: mine ?? '', ignoreFocusOut: true });
  if (!to) { return undefined; }
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Ghost: sending a test email to ${to}…` }, () => sendTestEmail(client, id, to, emailView(doc)));
  void vscode.window.showInformationMessage(`Ghost sent a test email to ${to}.`);
  return to;
}
