import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFrontMatter } from '../core/content/frontMatter';
import { readLink, writeLink } from '../core/content/link';
import { postToMarkdown, type LocalShape } from '../core/content/pull';
import { GhostAuthorError } from '../core/ghost/errors';
import { CancelledError, publishFile, recordSeen, type PublishContext, type PublishOptions, type PublishOutcome } from '../core/publish/engine';
import { ghostFingerprint } from '../core/publish/fingerprint';
import { gitHistory, gitPathHistory } from '../core/publish/history';
import type { Services } from '../services';
import { renderMode } from './settings';
import type { SiteProfile } from './sites';

export type ConflictChoice = 'overwrite' | 'takeGhost' | 'cancel';
export type OwnedChoice = 'new' | 'take-over' | 'cancel';

export interface RunOptions extends PublishOptions {
  /** How a conflict is settled without asking (tests, keybindings); asked in a modal otherwise. */
  onConflict?: ConflictChoice;
  /** How a copy of another file's post is settled without asking; asked in a dialog otherwise. */
  onOwned?: OwnedChoice;
  /** For publish-on-save: no modal dialogs, and conflicts are reported rather than asked about. */
  background?: boolean;
  /** The version of Ghost's post the writer was shown when they chose (see forceOver). */
  shown?: string;
}

/** The site a file belongs to: the one it is linked to, else the active one. */
export function siteFor(s: Services, text: string): SiteProfile {
  const linked = readLink(text)?.site;
  if (linked) {
    const profile = s.sites.findByUrl(linked.endsWith('/') ? linked : `${linked}/`);
    if (!profile) {
      throw new GhostAuthorError(`This file is linked to a post on ${linked}, which is not connected.`, 'Connect that site first (Ghost: Connect a Site…).');
    }
    return profile;
  }
  const active = s.sites.active;
  if (!active) {
    throw new GhostAuthorError('No Ghost site is connected.', 'Run “Ghost: Connect a Site…” first.');
  }
  return active;
}

/** Replaces only the bytes that differ, so the edit is small, undoable and keeps the cursor. */
export async function applyText(doc: vscode.TextDocument, next: string): Promise<boolean> {
  const prev = doc.getText();
  if (prev === next) { return true; }
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) { start++; }
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) { endPrev--; endNext--; }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(endPrev)), next.slice(start, endNext));
  return vscode.workspace.applyEdit(edit);
}


/**
 * Pushes a document through the engine and carries out what its outcome asks of the editor:
 * writing the link back, showing a conflict, offering to re-create a deleted post.
 */
export async function runPublish(s: Services, doc: vscode.TextDocument, opts: RunOptions = {}, token?: vscode.CancellationToken): Promise<PublishOutcome> {
  if (doc.isUntitled) {
    throw new GhostAuthorError('Save the file first: its images are found relative to where it is saved.');
  }
  const text = doc.getText();
  const site = siteFor(s, text);
  const client = await s.clients.client(site);
  const abort = new AbortController();
  const cancelling = token?.onCancellationRequested(() => abort.abort());
  const ctx: PublishContext = {
    client, state: s.states.for(doc.uri), logger: s.log, renderMode: renderMode(), identity: site.identity, signal: abort.signal,
    progress: (m) => s.status.progress(doc.uri, m), history: gitHistory(), pathHistory: gitPathHistory(),
    // As soon as Ghost has made the post. The document may have been edited while the request
    // was out: the link goes into what is there now, and only an unedited document is saved.
    writeLink: async (_file, linked) => {
      const current = doc.getText();
      const link = readLink(linked);
      const next = current === text || !link ? linked : writeLink(current, link);
      s.writingBack.add(doc.uri.toString());
      try {
        await applyText(doc, next);
        if (current === text) { await doc.save(); }
      } finally {
        s.writingBack.delete(doc.uri.toString());
      }
    },
  };
  s.status.set(doc.uri, { state: 'syncing' });
  let outcome: PublishOutcome;
  try {
    outcome = await publishFile(doc.uri.fsPath, text, ctx, opts);
  } catch (e) {
    if (CancelledError.is(e)) {
      s.status.set(doc.uri, { state: 'error', detail: e.message });
      throw new vscode.CancellationError();
    }
    s.status.set(doc.uri, { state: 'error', detail: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    cancelling?.dispose();
  }
  for (const w of outcome.warnings) { s.log.warn(`${path.basename(doc.uri.fsPath)}: ${w}`); }

  switch (outcome.kind) {
    case 'created': {
      // The link was written into the document as the post was made (ctx.writeLink).
      s.status.set(doc.uri, { state: 'synced', post: outcome.post });
      s.tree.refresh();
      if (outcome.incomplete) {
        void vscode.window.showWarningMessage(outcome.warnings.at(-1) ?? 'The post was created as a draft, but its status change failed.', 'Show Log').then((c) => { if (c) { s.log.show(); } });
      }
      return outcome;
    }
    case 'updated':
      s.status.set(doc.uri, { state: 'synced', post: outcome.post });
      if (opts.status) { s.tree.refresh(); }
      return outcome;
    case 'unchanged':
    case 'dry-run':
      s.status.set(doc.uri, { state: 'synced' });
      return outcome;
    case 'deleted': {
      s.status.set(doc.uri, { state: 'error', detail: 'Deleted in Ghost' });
      if (opts.background) {
        void vscode.window.showWarningMessage(`The post of ${path.basename(doc.uri.fsPath)} was deleted in Ghost. Nothing was sent.`, 'Re-create').then((c) => {
          if (c) { void runPublish(s, doc, { recreate: true }).catch((e: unknown) => s.log.error(String(e))); }
        });
        return outcome;
      }
      const choice = opts.recreate ? 'Re-create' : await vscode.window.showWarningMessage(
        `The post of ${path.basename(doc.uri.fsPath)} was deleted in Ghost.`, { modal: true, detail: 'Re-create it as a new draft? The file will be linked to the new post.' }, 'Re-create');
      return choice === 'Re-create' ? runPublish(s, doc, { ...opts, recreate: true }) : outcome;
    }
    case 'conflict':
      return settleConflict(s, doc, site, outcome, opts, ctx);
    case 'owned-elsewhere': {
      s.status.set(doc.uri, { state: 'conflict' });
      const owner = outcome.owner;
      const picked = opts.onOwned ?? await vscode.window.showWarningMessage(
        `${path.basename(doc.uri.fsPath)} is linked to the post of ${owner}.`,
        { modal: !opts.background, detail: `It looks like a copy of ${owner}. Nothing was sent: pushing it would replace that post. Publish it as a new post (its link is rewritten), or make it the post's file instead of ${owner}.` },
        'Publish as New Post', 'Make This the Post’s File').then((c) => (c === 'Publish as New Post' ? 'new' : c === 'Make This the Post’s File' ? 'take-over' : 'cancel'));
      if (picked === 'cancel') { return outcome; }
      return runPublish(s, doc, { ...opts, ownership: picked, onOwned: undefined });
    }
  }
}

async function settleConflict(s: Services, doc: vscode.TextDocument, site: SiteProfile, outcome: Extract<PublishOutcome, { kind: 'conflict' }>, opts: RunOptions, ctx: PublishContext): Promise<PublishOutcome> {
  s.status.set(doc.uri, { state: 'conflict' });
  const server = outcome.server;
  const type = parseType(doc.getText());
  if (server) {
    const shape = localShape(doc.getText());
    const ghostText = postToMarkdown(server, { type, site: site.adminUrl, like: shape && { ...shape, images: outcome.payload.images } });
    const left = s.ghostDocs.put(new URL(site.adminUrl).host, outcome.id, server.title, ghostText);
    await vscode.commands.executeCommand('vscode.diff', left, doc.uri, `Ghost ↔ Local: ${outcome.title}`, { preview: true });
  }
  const why = outcome.reason === 'no-record'
    ? 'There is no record on this computer of the last push of this post, so the version in Ghost may hold edits you have not seen.'
    : `“${outcome.title}” was edited in Ghost${server ? ` (at ${new Date(server.updated_at).toLocaleString()})` : ''} since you last pushed it.`;
  let choice: ConflictChoice | undefined = opts.onConflict;
  if (!choice && opts.background) {
    const seen = server ? ghostFingerprint(server) : undefined;
    void vscode.window.showWarningMessage(`${why} Nothing was overwritten; publish-on-save is paused for this file until you choose.`, 'Overwrite Ghost’s version', 'Take Ghost’s version').then((c) => {
      const picked: ConflictChoice | undefined = c === 'Overwrite Ghost’s version' ? 'overwrite' : c === 'Take Ghost’s version' ? 'takeGhost' : undefined;
      // The choice is about the version shown then: Ghost changed again since, the writer sees that first.
      if (picked) { void runPublish(s, doc, { onConflict: picked, shown: seen }).catch((e: unknown) => s.log.error(String(e))); }
    });
    return outcome;
  }
  if (!choice) {
    const picked = await vscode.window.showWarningMessage(why, {
      modal: true,
      detail: 'The diff shows Ghost’s version on the left and yours on the right. Nothing has been overwritten.',
    }, 'Decide later', 'Overwrite Ghost’s version', 'Take Ghost’s version');
    // The first button is the default one (Enter): it is the choice that changes nothing.
    choice = picked === 'Overwrite Ghost’s version' ? 'overwrite' : picked === 'Take Ghost’s version' ? 'takeGhost' : 'cancel';
  }
  if (choice === 'overwrite') {
    // Over the version the writer was shown, and no other.
    const shown = opts.shown ?? (server ? ghostFingerprint(server) : undefined);
    return runPublish(s, doc, { ...opts, force: true, forceOver: shown, shown: undefined, onConflict: undefined });
  }
  if (choice === 'takeGhost' && server && opts.shown !== undefined && ghostFingerprint(server) !== opts.shown) {
    // Chosen for an earlier version of Ghost's post: show this one before replacing anything.
    return runPublish(s, doc, { ...opts, shown: undefined, onConflict: undefined, background: false });
  }
  if (choice === 'takeGhost' && server) {
    // Exactly the text the diff showed: the file's own shape, its local image paths.
    const shape = localShape(doc.getText());
    const ghostText = postToMarkdown(server, { type, site: site.adminUrl, like: shape && { ...shape, images: outcome.payload.images } });
    await applyText(doc, ghostText);
    await doc.save();
    await recordSeen(ctx, doc.uri.fsPath, ghostText, server);
    s.status.set(doc.uri, { state: 'synced', post: server });
    s.log.info(`${doc.uri.fsPath}: replaced with Ghost's version of ${outcome.id} (undo restores yours).`);
  }
  return outcome;
}

/** The shape of the local file, so that Ghost's version is shown written the same way. */
function localShape(text: string): LocalShape | undefined {
  try {
    const { data, split } = parseFrontMatter(text);
    return {
      keys: Object.keys(data),
      titleHeading: /^#\s/.test(split.body.replace(/^\s*\n/, '')),
      blankLineAfterFrontMatter: /^\r?\n/.test(split.body),
      flowCollections: /^[\w-]+:[ \t]*\[/m.test(split.yaml ?? ''),
    };
  } catch {
    return undefined;
  }
}

function parseType(text: string): 'post' | 'page' {
  try {
    return parseFrontMatter(text).data.type === 'page' ? 'page' : 'post';
  } catch {
    return 'post';
  }
}

