import * as vscode from 'vscode';
import { readLink } from '../core/content/link';
import { parseFrontMatter } from '../core/content/frontMatter';
import { GhostAuthorError } from '../core/ghost/errors';
import type { Services } from '../services';
import { siteFor } from '../vscode/publishRunner';

/** VS Code's own Markdown preview, which renders with Ghost Author's plugins and styles. */
export async function preview(_s: Services, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}

/** Opens Ghost's own preview of the linked post: the draft preview link, or the live post. */
export async function openGhostPreview(s: Services): Promise<string> {
  const doc = vscode.window.activeTextEditor?.document;
  const id = doc ? readLink(doc.getText())?.id : undefined;
  if (!doc || !id) {
    throw new GhostAuthorError('This file is not linked to a Ghost post yet.', 'Push it first (Ghost: Push Content).');
  }
  const site = siteFor(s, doc.getText());
  const client = await s.clients.client(site);
  const type = parseFrontMatter(doc.getText()).data.type === 'page' ? 'pages' : 'posts';
  const post = await client.resource(type).read(id, { fields: ['id', 'uuid', 'status', 'url'] });
  const url = post.status === 'published' || post.status === 'sent' ? String(post.url) : `${site.adminUrl}p/${String(post.uuid)}/`;
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}
