import * as vscode from 'vscode';
import { registerCommands } from './commands/register';
import { Commands, ContextKeys, GHOST_SCHEME, Views } from './constants';
import type { Services } from './services';
import type * as Render from './core/content/render';
import { ContentTreeProvider } from './views/contentTree';
import { registerFrontMatterFeatures } from './vscode/frontMatterFeatures';
import { registerLintFeatures } from './vscode/lintFeatures';
import { ClientPool } from './vscode/clients';
import { GhostDocuments } from './vscode/ghostDocuments';
import { PublishOnSave } from './vscode/publishOnSave';
import { StatusBar } from './vscode/statusBar';
import { WorkspaceStates } from './vscode/workspaceStates';
import { FileStates } from './vscode/fileStates';
import { importSiteFromEnvironment } from './vscode/envImport';
import { Redactor } from './core/redact';
import { Log } from './vscode/log';
import { SiteStore } from './vscode/sites';

/** What every other extension sees: only what VS Code's Markdown preview calls. */
export interface PublicApi {
  /** Called by VS Code's Markdown preview (contributes.markdown.markdownItPlugins). */
  extendMarkdownIt: typeof Render.extendMarkdownIt;
}

/**
 * The services as well, returned only when the extension runs under tests or in development:
 * exports are readable by any extension, and these reach the credentials.
 */
export type GhostAuthorApi = Services & PublicApi & {
  activatedInMs: number;
  publishOnSave: PublishOnSave;
  context: vscode.ExtensionContext;
};

/**
 * Composes the extension. Reads saved sites from SecretStorage and nothing else: no request
 * is made until a view is expanded or a command is run.
 */
export async function activate(context: vscode.ExtensionContext): Promise<GhostAuthorApi | PublicApi> {
  const started = performance.now();
  // Every credential loaded is registered with this redactor, which every log line passes through.
  const redactor = new Redactor();
  const log = new Log(redactor);
  const sites = new SiteStore(context.secrets, log, redactor);
  await sites.load();
  await importSiteFromEnvironment(sites, log);
  const clients = new ClientPool(sites, log);
  const tree = new ContentTreeProvider(sites, clients, log);
  const status = new StatusBar();
  const ghostDocs = new GhostDocuments();
  const services: Services = { log, sites, clients, tree, states: new WorkspaceStates(), status, ghostDocs, writingBack: new Set(), redactor };
  const onSave = new PublishOnSave(services);
  const fileStates = new FileStates(services);
  services.fileStates = fileStates;

  const view = vscode.window.createTreeView(Views.content, { treeDataProvider: tree, showCollapseAll: true });
  tree.onDidChangeTreeData(() => { view.description = tree.filterLabel ? `filter: ${tree.filterLabel}` : undefined; });
  // The first time the Ghost view is shown, Ghost is asked about the workspace's files (one status
  // per folder): never at activation.
  let checked = false;
  const checkFiles = () => {
    if (checked || !view.visible || !sites.active || !vscode.workspace.workspaceFolders?.length) { return; }
    checked = true;
    void vscode.commands.executeCommand(Commands.refreshFileStates).then(undefined, () => { checked = false; });
  };
  const updateContext = () => vscode.commands.executeCommand('setContext', ContextKeys.hasSites, sites.sites.length > 0);
  context.subscriptions.push(
    log, sites, clients, tree, view, status, ghostDocs, onSave, fileStates,
    vscode.window.registerFileDecorationProvider(fileStates),
    view.onDidChangeVisibility(checkFiles),
    vscode.workspace.registerTextDocumentContentProvider(GHOST_SCHEME, ghostDocs),
    sites.onDidChange(() => { void updateContext(); }),
    // A new page size applies at once, not on the next refresh.
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('ghostAuthor.pageSize')) { tree.refresh(); } }),
    ...registerCommands(services, Object.values(Commands), async () => (await import('./commands/index.js')).commandHandlers),
    ...registerFrontMatterFeatures(services),
    ...registerLintFeatures(services),
  );
  await updateContext();
  const activatedInMs = performance.now() - started;
  log.info(`Activated in ${activatedInMs.toFixed(1)} ms with ${sites.sites.length} site(s).`);
  if (context.extensionMode === vscode.ExtensionMode.Production) {
    return { extendMarkdownIt };
  }
  return { ...services, activatedInMs, publishOnSave: onSave, extendMarkdownIt, context };
}

/** The preview asks synchronously; the renderer is loaded then, not at activation. */
function extendMarkdownIt(md: Parameters<typeof Render.extendMarkdownIt>[0]): ReturnType<typeof Render.extendMarkdownIt> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./core/content/render') as typeof Render).extendMarkdownIt(md, { preview: true, header: { findings: previewFindings } });
}

/** The check's findings for the document the preview shows (VS Code names it in the parser's env). */
function previewFindings(env: unknown): Array<{ line: number; severity: 'error' | 'warning' | 'info'; message: string }> {
  const uri = (env as { currentDocument?: unknown } | undefined)?.currentDocument;
  if (!(uri instanceof vscode.Uri)) { return []; }
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Ghost').map((d) => ({
    line: d.range.start.line + 1,
    severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : d.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info',
    message: d.message,
  }));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
