import * as vscode from 'vscode';
import type { Services } from '../services';

const SELECTOR: vscode.DocumentSelector = { language: 'markdown' };

/** Front matter help for Markdown files: problems with their range, completion, and hovers. */
export function registerFrontMatterFeatures(s: Services): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('ghost-author');
  // The YAML parser loads when the first Markdown file with front matter needs it.
  const help = () => import('../core/content/frontMatterHelp.js');
  const check = async (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'markdown') { return; }
    const text = doc.getText();
    if (!/^\uFEFF?---\r?\n/.test(text)) { diagnostics.delete(doc.uri); return; }
    const { diagnoseFrontMatter } = await help();
    if (doc.isClosed || doc.getText() !== text) { return; }
    diagnostics.set(doc.uri, diagnoseFrontMatter(text).map((d) => {
      const range = new vscode.Range(d.line - 1, Math.max(0, d.column - 1), d.line - 1, Math.max(d.column, d.endColumn - 1));
      const diag = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning);
      diag.source = 'Ghost';
      return diag;
    }));
  };
  const checkSoon = (doc: vscode.TextDocument) => { void check(doc).catch((e: unknown) => s.log.error(`Front matter check failed: ${String(e)}`)); };
  vscode.workspace.textDocuments.forEach(checkSoon);

  let tagCache: { site: string; at: number; names: string[] } | undefined;
  const tagNames = async (): Promise<string[]> => {
    const site = s.sites.active;
    if (!site) { return []; }
    if (tagCache?.site === site.id && Date.now() - tagCache.at < 60_000) { return tagCache.names; }
    try {
      const client = await s.clients.client(site);
      tagCache = { site: site.id, at: Date.now(), names: (await client.tags()).map((t) => t.name) };
      return tagCache.names;
    } catch (e) {
      s.log.warn(`Tag completion unavailable: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  };

  return [
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(checkSoon),
    vscode.workspace.onDidChangeTextDocument((e) => checkSoon(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      async provideCompletionItems(doc, pos) {
        const { completionContext, frontMatterKeys } = await help();
        const ctx = completionContext(doc.getText(), pos.line, pos.character);
        if (!ctx) { return undefined; }
        if (ctx.kind === 'key') {
          return frontMatterKeys().map(({ key, doc: d }) => {
            const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Property);
            item.insertText = `${key}: `;
            item.documentation = d;
            return item;
          });
        }
        if (ctx.kind === 'value') {
          return ctx.values.map((v) => new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember));
        }
        if (ctx.key === 'tags') {
          return (await tagNames()).map((n) => new vscode.CompletionItem(n, vscode.CompletionItemKind.Value));
        }
        const site = s.sites.active;
        if (!site) { return undefined; }
        const client = await s.clients.client(site);
        const emails = await client.staffEmails([]).catch(() => []);
        return emails.map((e) => new vscode.CompletionItem(e, vscode.CompletionItemKind.User));
      },
    }, ':', ' ', '-'),
    vscode.languages.registerHoverProvider(SELECTOR, {
      async provideHover(doc, pos) {
        const { completionContext, describeKey } = await help();
        const line = doc.lineAt(pos.line).text;
        const m = /^([A-Za-z_]+):/.exec(line);
        if (!m?.[1] || pos.character > m[1].length || completionContext(doc.getText(), pos.line, 0) === undefined) { return undefined; }
        const d = describeKey(m[1]);
        return d ? new vscode.Hover(new vscode.MarkdownString(`**${m[1]}** (Ghost): ${d}`), new vscode.Range(pos.line, 0, pos.line, m[1].length)) : undefined;
      },
    }),
  ];
}
