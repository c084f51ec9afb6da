import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../core/fsutil';
import { readLink, writeLink } from '../core/content/link';
import { GhostAuthorError } from '../core/ghost/errors';
import type { PublishContext } from '../core/publish/engine';
import { applySync, folderStatus, importLines, planTable, pullAll, syncPlan, type FolderStatus, type SyncResult, type SyncStep } from '../core/publish/folder';
import { gitHistory, gitPathHistory } from '../core/publish/history';
import type { Services } from '../services';
import { applyText } from '../vscode/publishRunner';
import { renderMode } from '../vscode/settings';
import type { SiteProfile } from '../vscode/sites';

function activeSite(s: Services): SiteProfile {
  const site = s.sites.active;
  if (!site) { throw new GhostAuthorError('No Ghost site is connected.', 'Run “Ghost: Connect a Site…” first.'); }
  return site;
}

async function contextFor(s: Services, root: vscode.Uri, signal?: AbortSignal): Promise<PublishContext> {
  const site = activeSite(s);
  return {
    client: await s.clients.client(site), state: s.states.for(root), logger: s.log, renderMode: renderMode(),
    identity: site.identity, history: gitHistory(), pathHistory: gitPathHistory(), signal,
    // The files' status is the writer's intent, as for the CLI's status and sync.
    frontMatterStatus: true,
  };
}

/** The workspace folder to work on: the only one, the one named, or the one the writer picks. */
async function pickFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) { return arg; }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) { return folders[0]?.uri; }
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder is the site?' });
  return picked?.uri;
}

/** Ghost's view of every Markdown file in the workspace, shown in the Explorer. One status per folder. */
export async function refreshFileStates(s: Services, arg?: unknown): Promise<FolderStatus[]> {
  const roots = arg instanceof vscode.Uri ? [arg] : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  const out: FolderStatus[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Ghost: checking files' }, async () => {
    for (const root of roots) {
      const status = await folderStatus(root.fsPath, await contextFor(s, root));
      s.fileStates?.apply(root, status);
      out.push(status);
    }
  });
  return out;
}

function planMarkdown(root: vscode.Uri, site: string, plan: SyncStep[], status: FolderStatus): string {
  const n = (a: string) => plan.filter((p) => p.action === a).length;
  const inSync = plan.filter((p) => p.entry.state === 'in-sync').length;
  const only = plan.filter((p) => p.entry.state === 'only-in-ghost').length;
  const table = planTable(plan);
  return [
    `# Sync ${path.basename(root.fsPath)} with ${site}`, '',
    `${n('create')} to create, ${n('update')} to update, ${inSync} in sync, ${only} only in Ghost. Nothing has been sent yet.`, '',
    ...(table.length ? [...table, ''] : []),
    ...importLines(status.entries).flatMap((l) => [l, '']),
    'Sync never publishes a post its file does not ask for, and never sends an email.', '',
  ].join('\n');
}

/**
 * Shows what a sync of a workspace folder would do (a Markdown preview of the plan), then, once
 * the writer agrees, creates and updates, with progress and cancel. Unsaved files are saved first
 * or the sync does not start.
 */
export async function syncWorkspace(s: Services, arg?: unknown, opts: { confirm?: boolean } = {}): Promise<{ plan: SyncStep[]; results: SyncResult[] } | undefined> {
  const root = await pickFolder(arg);
  if (!root) { return undefined; }
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && /\.(md|markdown)$/i.test(d.uri.fsPath) && d.uri.fsPath.startsWith(root.fsPath + path.sep));
  if (dirty.length) {
    const save = opts.confirm === false ? 'Save All and Continue' : await vscode.window.showWarningMessage(
      `${dirty.length} Markdown file(s) have unsaved changes.`, { modal: true, detail: 'A sync sends what is saved. Save them first?' }, 'Save All and Continue');
    if (save !== 'Save All and Continue') { return undefined; }
    for (const d of dirty) { await d.save(); }
  }
  const site = activeSite(s);
  const status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Ghost: comparing ${path.basename(root.fsPath)} with ${site.title}…` },
    async () => folderStatus(root.fsPath, await contextFor(s, root)));
  s.fileStates?.apply(root, status);
  const plan = syncPlan(status);
  const work = plan.filter((p) => p.action !== 'leave');
  if (opts.confirm !== false) {
    // A read-only document (nothing to save when it is closed), shown as a preview.
    const uri = s.ghostDocs.put(new URL(site.adminUrl).host, 'sync-plan', path.basename(root.fsPath), planMarkdown(root, site.title, plan, status));
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  }
  if (!work.length) {
    if (opts.confirm !== false) { void vscode.window.showInformationMessage(`Ghost: nothing to sync in ${path.basename(root.fsPath)}.`); }
    return { plan, results: [] };
  }
  const creates = work.filter((p) => p.action === 'create').length;
  const label = `Sync: create ${creates}, update ${work.length - creates}`;
  if (opts.confirm !== false) {
    const go = await vscode.window.showInformationMessage(`Sync ${path.basename(root.fsPath)} with ${site.title}?`, { modal: true, detail: `${creates} new file(s) will be created in Ghost (as drafts unless their front matter says otherwise) and ${work.length - creates} updated. Nothing is published by itself and no email is sent. The plan is in the preview.` }, label);
    if (go !== label) { return { plan, results: [] }; }
  }
  const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Ghost: syncing ${path.basename(root.fsPath)}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let done = 0;
    try {
      return await applySync(root.fsPath, plan, { ...await contextFor(s, root, abort.signal), published: status.published }, {
        // The link goes into an open document as an edit (saved when it had no other change), else into the file.
        writeFile: async (file, text) => {
          const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
          if (!open) { await writeFileAtomic(file, text); return; }
          // Only the link goes into an open document: words typed since the sync read the file stay,
          // and a document with other unsaved changes is left unsaved.
          const link = readLink(text);
          const wasDirty = open.isDirty;
          s.writingBack.add(open.uri.toString());
          try {
            await applyText(open, link ? writeLink(open.getText(), link) : text);
            if (!wasDirty) { await open.save(); }
          } finally {
            s.writingBack.delete(open.uri.toString());
          }
        },
        onResult: () => { done++; progress.report({ message: `${done} of ${work.length}`, increment: 100 / work.length }); },
      });
    } finally {
      sub.dispose();
    }
  });
  const n = (k: string) => results.filter((r) => r.outcome?.kind === k).length;
  const failed = results.filter((r) => r.error);
  for (const r of failed) { s.log.error(`${r.step.entry.file}: ${r.error}`); }
  const conflicts = results.filter((r) => r.outcome?.kind === 'conflict').length + plan.filter((p) => p.entry.state === 'conflict').length;
  const message = `Ghost: ${n('created')} created, ${n('updated')} updated${conflicts ? `, ${conflicts} in conflict (left alone)` : ''}${failed.length ? `, ${failed.length} failed` : ''}.`;
  if (failed.length || conflicts) {
    void vscode.window.showWarningMessage(message, 'Show Log').then((c) => { if (c) { s.log.show(); } });
  } else if (opts.confirm !== false) {
    void vscode.window.showInformationMessage(message);
  }
  s.tree.refresh();
  await refreshFileStates(s, root);
  return { plan, results };
}

/** Every post and page of the site into a folder the writer picks, linked; no file is replaced. */
export async function pullAllCommand(s: Services, arg?: unknown): Promise<{ written: number; present: number } | undefined> {
  const site = activeSite(s);
  let target = arg instanceof vscode.Uri ? arg : undefined;
  if (!target) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Pull Here', title: `Pull every post and page of ${site.title} into…`, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
    target = picked?.[0];
  }
  if (!target) { return undefined; }
  const dir = target;
  const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Ghost: pulling ${site.title}`, cancellable: false }, async (progress) => {
    const ctx = await contextFor(s, dir);
    return pullAll(dir.fsPath, ctx, { progress: (n) => progress.report({ message: `${n} written` }) });
  });
  s.log.info(`Pulled ${res.written.length} post(s) and page(s) into ${dir.fsPath}; ${res.present.length} already there.`);
  const note = res.fromHtml.length ? ` ${res.fromHtml.length} came from Ghost's older editor (read from HTML): check their cards before pushing them back.` : '';
  void vscode.window.showInformationMessage(`Ghost: ${res.written.length} file(s) written into ${path.basename(dir.fsPath)}; ${res.present.length} already there.${note}`);
  return { written: res.written.length, present: res.present.length };
}
