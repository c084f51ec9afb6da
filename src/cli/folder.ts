// ghost-author status and sync: every Markdown file under a folder and every post and page of the
// site, each in one state; sync then creates new files' posts and updates edited ones (--plan sends
// nothing). They never overwrite an edit made in Ghost, delete anything, or send an email.
import { printable } from '../core/printable';
import { linkFile } from '../core/publish/linkFile';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { PublishContext } from '../core/publish/engine';
import { applySync, confineFolder, folderStatus, importLines, importReport, planTable, reviewLines, stepSends, syncPlan, type EntryState, type FolderStatus, type SyncResult, type SyncStep, STATE_LABELS } from '../core/publish/folder';
import { gitHistory, gitPathHistory } from '../core/publish/history';
import { StateStore } from '../core/publish/state';
import { EXIT, renderMode, UsageError, type CommandContext, stateRoot } from './shared';

export async function run({ command, values, positionals, env, out, logger, connect, client }: CommandContext): Promise<number> {
  const dir = path.resolve(positionals[1] ?? '.');
  if (positionals.length > 2) { throw new UsageError(`Name one folder to ${command}.`); }
  const named = positionals[1] ?? '.';
  if (!(await fs.lstat(dir).then(() => true, () => false))) { throw new UsageError(`${named} is not a folder.`); }
  // The folder is under the rule like every file in it: inside the project, and neither a link nor
  // reached through one (a committed `content -> /elsewhere` would make a sync read and write there).
  const project = stateRoot(values.state);
  await confineFolder(dir, project);
  const state = new StateStore(project);
  const ctx: PublishContext = { client: client(), state, logger, renderMode: renderMode(values.render), frontMatterStatus: true, history: gitHistory(), pathHistory: gitPathHistory() };
  const status = await folderStatus(dir, ctx);
  // Files named from where the command runs, as git does.
  for (const e of status.entries) { if (e.file) { e.file = path.relative(process.cwd(), path.join(dir, e.file)).split(path.sep).join('/'); } }
  if (command === 'status') {
    out(values.json ? `${JSON.stringify({ entries: status.entries, requests: status.requests, bytesReceived: status.bytesReceived, summary: countStates(status), frontMatter: importReport(status.entries), withoutFrontMatter: status.withoutFrontMatter ?? [] }, null, 2)}\n` : statusText(status));
    return EXIT.ok;
  }
  const plan = syncPlan(status);
  if (values.plan) {
    out(values.json ? `${JSON.stringify({ plan: plan.map(planJson), requests: status.requests }, null, 2)}\n` : planText(plan));
    await jobSummary(env, planMarkdown(plan));
    return plan.some((s) => s.entry.state === 'conflict' || s.entry.state === 'owned-elsewhere') ? EXIT.conflict : plan.some((s) => s.entry.state === 'invalid') ? EXIT.error : EXIT.ok;
  }
  let online = ctx;
  if (plan.some((s) => s.action !== 'leave')) {
    // Who the key is matters to a create (a Contributor must name themselves as author).
    const c = await connect();
    online = { ...ctx, client: c.client, get identity() { return c.identity; } };
  }
  const results = await applySync(process.cwd(), plan, { ...online, published: status.published }, {
    writeFile: linkFile,
    onResult: values.json ? undefined : (r) => out(`${syncLine(r)}\n`),
  });
  const code = syncExit(results);
  if (values.json) {
    out(`${JSON.stringify({ results: results.map(syncJson) }, null, 2)}\n`);
  } else {
    const left = results.filter((r) => r.step.action === 'leave' && r.step.entry.state !== 'in-sync' && r.step.entry.state !== 'only-in-ghost');
    for (const r of left) { out(`${syncLine(r)}\n`); }
    out(`${syncSummary(results)}\n`);
  }
  await jobSummary(env, planMarkdown(plan, results));
  return code;
}

const STATE_ORDER: EntryState[] = ['conflict', 'changed-here', 'changed-in-ghost', 'new', 'deleted-in-ghost', 'owned-elsewhere', 'invalid', 'skipped', 'only-in-ghost', 'in-sync'];

function countStates(status: FolderStatus): Partial<Record<EntryState, number>> {
  const out: Partial<Record<EntryState, number>> = {};
  for (const e of status.entries) { out[e.state] = (out[e.state] ?? 0) + 1; }
  return out;
}

/** Like git status: each state with its files (in sync counted only), then one line of counts. */
function statusText(status: FolderStatus): string {
  const lines: string[] = [];
  // What a sync would send beyond each post: uploads, a publish or schedule, code injection.
  const plan = syncPlan(status);
  const sends = new Map(plan.map((s) => [s.entry, stepSends(s)]));
  for (const state of STATE_ORDER) {
    const items = status.entries.filter((e) => e.state === state);
    if (!items.length || state === 'in-sync') { continue; }
    lines.push(`${STATE_LABELS[state]} (${items.length}):`);
    for (const e of items) {
      const more = sends.get(e) ?? [];
      lines.push(`  ${printable(e.file ?? `${e.type} ${e.slug ?? e.id}`)}  “${printable(e.title)}”${e.state === 'invalid' || e.state === 'owned-elsewhere' || e.state === 'skipped' ? `: ${e.why}` : ''}${more.length ? `  (a sync ${more.join('; ')})` : ''}`);
    }
  }
  const counts = countStates(status);
  lines.push(STATE_ORDER.filter((s) => counts[s]).map((s) => `${counts[s]} ${STATE_LABELS[s]}`).join(', ') || 'No Markdown files and no posts.');
  // Files without front matter are no posts (a README, a loose note): said, with how to make one a post.
  const bare = status.withoutFrontMatter ?? [];
  if (bare.length) {
    lines.push(`${bare.length} Markdown file${bare.length === 1 ? '' : 's'} without front matter left out (${bare.slice(0, 3).map(printable).join(', ')}${bare.length > 3 ? ', …' : ''}): give one a front matter block (--- title: … ---) to make it a post.`);
  }
  return `${lines.join('\n')}\n${importText(status)}`;
}

const planJson = (s: SyncStep) => ({ file: s.entry.file, id: s.entry.id, type: s.entry.type, title: s.entry.title, state: s.entry.state, action: s.action, uploads: s.uploads, ...(s.action !== 'leave' && s.entry.publishes ? { publishes: s.entry.publishes } : {}), ...(s.action !== 'leave' && s.entry.codeInjection ? { codeInjection: s.entry.codeInjection } : {}), why: s.why });

function planText(plan: SyncStep[]): string {
  const lines: string[] = [];
  for (const action of ['create', 'update'] as const) {
    for (const s of plan.filter((x) => x.action === action)) {
      const sends = stepSends(s);
      lines.push(`would ${action} ${printable(s.entry.file ?? '')}  “${printable(s.entry.title)}”${sends.length ? ` (${sends.join('; ')})` : ''}`);
    }
  }
  for (const s of plan.filter((x) => x.action === 'leave' && x.entry.state !== 'in-sync' && x.entry.state !== 'only-in-ghost')) {
    lines.push(`leave ${printable(s.entry.file ?? '')}: ${printable(s.why)}`);
  }
  const onlyThere = plan.filter((x) => x.entry.state === 'only-in-ghost').length;
  if (onlyThere) { lines.push(`leave ${onlyThere} post(s) and page(s) only in Ghost: pull --all brings them here`); }
  const n = (a: string) => plan.filter((x) => x.action === a).length;
  const inSync = plan.filter((x) => x.entry.state === 'in-sync').length;
  lines.push(`${n('create')} to create, ${n('update')} to update, ${n('leave') - inSync} left alone, ${inSync} in sync. Nothing was sent.`);
  // The same lists as the job summary's, for whoever reviews the plan in a terminal.
  lines.push(...reviewLines(plan).map((l) => l.replace(/^\*\*(.*)\*\*$/, '$1:').replace(/\\(.)/g, '$1')).filter((l) => l !== ''));
  return `${lines.join('\n')}\n${importText({ entries: plan.map((s) => s.entry), requests: 0, bytesReceived: 0 })}`;
}

/** Front matter read from other tools, and what Ghost has no field for: one line each, with counts. */
function importText(status: FolderStatus): string {
  return importLines(status.entries).map((l) => `${l}\n`).join('');
}

/** The plan (and what became of it) as a Markdown table, for a CI job summary. */
function planMarkdown(plan: SyncStep[], results?: SyncResult[]): string {
  const table = planTable(plan, results);
  const inSync = plan.filter((s) => s.entry.state === 'in-sync').length;
  const onlyThere = plan.filter((s) => s.entry.state === 'only-in-ghost').length;
  return `### Ghost Author ${results ? 'sync' : 'sync plan'}\n\n${table.length ? `${table.join('\n')}\n\n` : ''}${inSync} in sync${onlyThere ? `, ${onlyThere} only in Ghost` : ''}${table.length ? '' : ', nothing to do'}.\n`;
}

/** Appended to GitHub Actions' job summary when the run is in one. */
async function jobSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) { await fs.appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`); }
}

/** What sync did with a file, then what the push said of it (templates left out, links sent as words, no email sent…). */
function syncLine(r: SyncResult): string {
  const said = r.outcome && 'warnings' in r.outcome ? r.outcome.warnings : [];
  return [syncDone(r), ...said.map((w) => `  warning: ${printable(w)}`)].join('\n');
}

function syncDone(r: SyncResult): string {
  const name = printable(r.step.entry.file ?? `${r.step.entry.type} ${r.step.entry.slug ?? r.step.entry.id}`);
  if (r.error) { return `${name}: error: ${r.error}`; }
  const o = r.outcome;
  if (!o) { return `${name}: left alone: ${r.step.why}`; }
  switch (o.kind) {
    case 'created': return `${name}: created ${o.post.status} ${o.post.id}${o.uploaded ? ` (${o.uploaded} uploaded)` : ''}`;
    case 'updated': return `${name}: updated ${o.post.status} ${o.post.id}${o.uploaded ? ` (${o.uploaded} uploaded)` : ''}`;
    case 'unchanged': return `${name}: unchanged`;
    case 'conflict': return `${name}: conflict: edited in Ghost since the last push; nothing was overwritten (pull to compare, or publish with --force)`;
    case 'owned-elsewhere': return `${name}: its post belongs to ${o.owner}; nothing was sent`;
    case 'deleted': return `${name}: its post was deleted in Ghost; publish with --recreate to create it again`;
    case 'dry-run': return `${name}: would ${o.action}`;
  }
}

const syncJson = (r: SyncResult) => ({ ...planJson(r.step), result: r.error ? 'error' : r.outcome?.kind ?? 'left', ...(r.error ? { error: r.error } : {}), ...(r.outcome && 'post' in r.outcome ? { id: r.outcome.post.id, status: r.outcome.post.status } : {}), ...(r.outcome && 'warnings' in r.outcome && r.outcome.warnings.length ? { warnings: r.outcome.warnings } : {}) });

function syncSummary(results: SyncResult[]): string {
  const n = (k: string) => results.filter((r) => r.outcome?.kind === k).length;
  const errors = results.filter((r) => r.error).length;
  const left = results.filter((r) => !r.outcome && !r.error && r.step.entry.state !== 'in-sync').length;
  const inSync = results.filter((r) => r.step.entry.state === 'in-sync').length;
  return `${n('created')} created, ${n('updated')} updated, ${n('conflict') + results.filter((r) => r.step.entry.state === 'conflict').length} in conflict, ${errors} failed, ${left} left alone, ${inSync} in sync.`;
}

/** Conflicts (3) over failures (1) over success (0). */
function syncExit(results: SyncResult[]): number {
  const conflict = results.some((r) => r.outcome?.kind === 'conflict' || r.outcome?.kind === 'owned-elsewhere' || r.step.entry.state === 'conflict' || r.step.entry.state === 'owned-elsewhere');
  if (conflict) { return EXIT.conflict; }
  const failed = results.some((r) => r.error || (r.outcome?.kind === 'created' && r.outcome.incomplete) || r.step.entry.state === 'invalid');
  return failed ? EXIT.error : EXIT.ok;
}
