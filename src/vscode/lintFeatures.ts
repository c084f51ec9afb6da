import * as vscode from 'vscode';
import type { Services } from '../services';

type Finding = Awaited<ReturnType<typeof import('./lintChecks')['lintFile']>>[number];
type LintChecks = typeof import('./lintChecks');

let checks: LintChecks | undefined;
/** The check's module, loaded on first use (a file of its own beside the extension). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (): LintChecks => (checks ??= require('./lintChecks') as LintChecks);

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/**
 * The findings of the pre-flight check for a Markdown document as it is in the editor (unsaved
 * words included), from the files alone: no request. Front matter is the front matter check's.
 */
export async function findingsFor(s: Services, doc: vscode.TextDocument): Promise<Finding[]> {
  const state = s.states.for(doc.uri);
  const found = await load().lintFile(doc.uri.fsPath, doc.getText(), state.root, state);
  return found.filter((f) => f.rule !== 'front-matter');
}

/** The findings a writer should see before publishing (notes aside), one a line. */
export function findingsText(found: readonly Finding[]): string {
  const shown = found.filter((f) => f.severity !== 'info');
  if (!shown.length) { return ''; }
  const lines = shown.slice(0, 6).map((f) => `Line ${f.line}: ${f.message}`);
  if (shown.length > 6) { lines.push(`…and ${shown.length - 6} more (Problems panel).`); }
  return `Before you publish, the check found ${shown.length === 1 ? 'this' : `these ${shown.length}`}:\n${lines.join('\n')}\n\n`;
}

/** The pre-flight check as diagnostics while the writer types, and its quick fixes. */
export function registerLintFeatures(s: Services): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('ghost-author-check');
  const timers = new Map<string, NodeJS.Timeout>();
  const check = async (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'markdown' || doc.uri.scheme !== 'file') { return; }
    const text = doc.getText();
    // Posts and pages: a file with front matter (as a folder counts them).
    if (!/^\uFEFF?(---|\+\+\+)\r?\n/.test(text)) { diagnostics.delete(doc.uri); return; }
    const found = await findingsFor(s, doc);
    if (doc.isClosed || doc.getText() !== text) { return; }
    diagnostics.set(doc.uri, found.map((f) => {
      const line = Math.min(Math.max(0, f.line - 1), doc.lineCount - 1);
      const d = new vscode.Diagnostic(doc.lineAt(line).range, f.message, SEVERITY[f.severity]);
      d.source = 'Ghost';
      d.code = f.rule;
      return d;
    }));
  };
  const soon = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      void check(doc).catch((e: unknown) => s.log.warn(`The check of ${doc.uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`));
    }, 400));
  };
  // The documents open already, a moment after activation (files only: no request).
  vscode.workspace.textDocuments.forEach(soon);
  return [
    diagnostics,
    { dispose: () => { for (const t of timers.values()) { clearTimeout(t); } } },
    vscode.workspace.onDidOpenTextDocument(soon),
    vscode.workspace.onDidChangeTextDocument((e) => soon(e.document)),
    vscode.workspace.onDidSaveTextDocument(soon),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, {
      provideCodeActions(doc, _range, context) {
        const out: vscode.CodeAction[] = [];
        for (const d of context.diagnostics) {
          if (d.source !== 'Ghost' || d.code !== 'heading-level') { continue; }
          // "A level-4 heading follows a level-2 one": one level below the heading before it.
          const prev = Number(/follows a level-(\d)/.exec(d.message)?.[1]);
          const line = doc.lineAt(d.range.start.line);
          const hashes = /^(\s{0,3})(#{1,6})(?=\s|$)/.exec(line.text);
          if (!prev || !hashes) { continue; }
          const to = '#'.repeat(prev + 1);
          const fix = new vscode.CodeAction(`Make it a level-${prev + 1} heading`, vscode.CodeActionKind.QuickFix);
          fix.diagnostics = [d];
          fix.isPreferred = true;
          fix.edit = new vscode.WorkspaceEdit();
          fix.edit.replace(doc.uri, new vscode.Range(line.lineNumber, (hashes[1] ?? '').length, line.lineNumber, (hashes[1] ?? '').length + (hashes[2] ?? '').length), to);
          out.push(fix);
        }
        return out;
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  ];
}
