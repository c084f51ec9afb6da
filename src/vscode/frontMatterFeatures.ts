import * as vscode from 'vscode';
import type { Services } from '../services';
import type { SiteAudience } from '../core/content/frontMatterHelp';

const SELECTOR: vscode.DocumentSelector = { language: 'markdown' };

/** Front matter help for Markdown files: problems with their range, completion, and hovers. */
export function registerFrontMatterFeatures(s: Services): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('ghost-author');
  // The YAML parser loads when the first Markdown file with front matter needs it.
  const help = () => import('../core/content/frontMatterHelp.js');
  // What the active site has for the audience keys (newsletters, labels, tiers), asked once a minute
  // at most, and only for a file that names one of those keys.
  let audience: { site: string; at: number; value: Promise<SiteAudience> } | undefined;
  const siteAudience = (): Promise<SiteAudience> | undefined => {
    const site = s.sites.active;
    if (!site) { return undefined; }
    if (audience?.site !== site.id || Date.now() - audience.at > 60_000) {
      const value = s.clients.client(site).then(async (client) => {
        const [newsletters, labels, tiers] = await Promise.all([client.newsletters(), client.labels(), client.tiers()]);
        return { newsletters, labels, tiers };
      });
      value.catch(() => { audience = undefined; });
      audience = { site: site.id, at: Date.now(), value };
    }
    return audience.value;
  };
  const check = async (doc: vscode.TextDocument, online = true) => {
    if (doc.languageId !== 'markdown') { return; }
    const text = doc.getText();
    if (!/^\uFEFF?---\r?\n/.test(text)) { diagnostics.delete(doc.uri); return; }
    const { diagnoseFrontMatter, diagnoseAudience } = await help();
    if (doc.isClosed || doc.getText() !== text) { return; }
    const found = diagnoseFrontMatter(text);
    // Checked against the site only where the file names its audience, never at activation.
    const names = online && /^(newsletter|email_segment|tiers):/m.test(text.split(/\r?\n---/)[0] ?? '') ? siteAudience() : undefined;
    if (names) {
      try {
        found.push(...diagnoseAudience(text, await names));
      } catch (e) {
        s.log.warn(`Newsletters, labels and tiers could not be read for the front matter check: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (doc.isClosed || doc.getText() !== text) { return; }
    }
    diagnostics.set(doc.uri, found.map((d) => {
      const range = new vscode.Range(d.line - 1, Math.max(0, d.column - 1), d.line - 1, Math.max(d.column, d.endColumn - 1));
      const diag = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning);
      diag.source = 'Ghost';
      return diag;
    }));
  };
  const checkSoon = (doc: vscode.TextDocument, online = true) => { void check(doc, online).catch((e: unknown) => s.log.error(`Front matter check failed: ${String(e)}`)); };
  // The documents open at activation: from their text alone (no request).
  vscode.workspace.textDocuments.forEach((d) => checkSoon(d, false));

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
    vscode.workspace.onDidOpenTextDocument((d) => checkSoon(d)),
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
        if (ctx.key === 'newsletter' || ctx.key === 'email_segment' || ctx.key === 'tiers') {
          const site = await siteAudience()?.catch(() => undefined);
          if (!site) { return undefined; }
          const item = (label: string, detail: string) => { const i = new vscode.CompletionItem(label, vscode.CompletionItemKind.Value); i.detail = detail; return i; };
          if (ctx.key === 'newsletter') { return site.newsletters.map((n) => item(n.slug, n.name)); }
          if (ctx.key === 'tiers') { return site.tiers.filter((t) => t.slug !== 'free').map((t) => item(t.name, t.slug)); }
          return [
            item('all', 'every subscriber'), item('status:free', 'free members'), item('status:-free', 'paying members'),
            ...site.labels.map((l) => item(`label:${l.slug}`, `members labelled ${l.name}`)),
            ...site.tiers.filter((t) => t.slug !== 'free').map((t) => item(`tier:${t.slug}`, `members of ${t.name}`)),
          ];
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
