import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { prepareDocument } from '../core/content/document';
import { writeFileAtomic } from '../core/fsutil';
import { GhostAuthorError } from '../core/ghost/errors';
import type { PublishOutcome } from '../core/publish/engine';
import { describeEmail, type EmailPlan } from '../core/publish/email';
import { pullPost as pullEngine } from '../core/publish/engine';
import { gitPathHistory } from '../core/publish/history';
import type { Services } from '../services';
import { ItemNode } from '../views/nodes';
import { runPublish, siteFor, type ConflictChoice, type OwnedChoice } from '../vscode/publishRunner';
import { renderMode } from '../vscode/settings';
import { findingsFor, findingsText } from '../vscode/lintFeatures';
import { Cancelled } from './register';
import { openWebUrl } from './view';
import { describeWhen, readWhen, scheduleShown, siteDateTime } from '../core/dates';

export interface PublishArgs {
  uri?: vscode.Uri | string;
  /** Skip the confirmation (keybindings that mean it, tests). */
  confirm?: boolean;
  newsletter?: string;
  /** Who of the newsletter's members get it (a member filter); all when absent. */
  segment?: string;
  publishedAt?: string;
  onConflict?: ConflictChoice;
  /** How a copy of another file's post is settled without asking (tests, keybindings). */
  onOwned?: OwnedChoice;
}

async function documentFor(arg: PublishArgs | vscode.Uri | undefined): Promise<vscode.TextDocument> {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg?.uri === 'string' ? vscode.Uri.file(arg.uri) : arg?.uri;
  if (uri) { return vscode.workspace.openTextDocument(uri); }
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.languageId !== 'markdown') {
    throw new GhostAuthorError('Open a Markdown file to publish it.');
  }
  return doc;
}

function args(arg: unknown): PublishArgs {
  return arg instanceof vscode.Uri ? { uri: arg } : (arg as PublishArgs | undefined) ?? {};
}

/** Whether the file is a page (Ghost Admin opens pages and posts at their own addresses). */
function typeOf(doc: vscode.TextDocument): 'post' | 'page' {
  try { return prepareDocument(doc.uri.fsPath, doc.getText()).meta.type; } catch { return 'post'; }
}

/** What a push did, said once, with its date in the site's time zone when scheduled and a way to open the post in Ghost. */
function report(outcome: PublishOutcome, profile: { title: string; adminUrl: string }, zone?: () => Promise<string>, type: 'post' | 'page' = 'post'): void {
  const site = profile.title;
  const what = `“${outcome.title}”`;
  const as = async (post: { status: string; published_at?: string | null }) => {
    if (post.status !== 'scheduled' || !post.published_at) { return `as a ${post.status}`; }
    const z = await (zone?.() ?? Promise.resolve('Etc/UTC')).catch(() => 'Etc/UTC');
    return `scheduled for ${describeWhen(post.published_at, z)}`;
  };
  const tell = async (text: string, post: { id: string }, adminUrl: string) => {
    const open = await vscode.window.showInformationMessage(text, 'Open in Ghost');
    if (open) { await openWebUrl(`${adminUrl}ghost/#/editor/${type}/${post.id}`, 'the post in Ghost Admin'); }
  };
  const admin = profile.adminUrl.endsWith('/') ? profile.adminUrl : `${profile.adminUrl}/`;
  const said = (p: Promise<void>) => { p.catch(() => undefined); };
  switch (outcome.kind) {
    case 'created': said(as(outcome.post).then((how) => tell(`Created ${what}, ${how}, on ${site}${outcome.uploaded ? ` (${outcome.uploaded} image(s) uploaded)` : ''}.`, outcome.post, admin))); break;
    case 'updated': said(as(outcome.post).then((how) => tell(`Updated ${what} (${how.replace(/^as a /, '')}) on ${site}.`, outcome.post, admin))); break;
    case 'unchanged': void vscode.window.setStatusBarMessage(`Ghost: ${what} is unchanged, nothing sent`, 4000); break;
    default: break;
  }
}

async function withProgress<T>(title: string, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => work(token));
}

/** Pushes the content only: a new file becomes a draft, a linked post keeps its status. */
export async function push(s: Services, arg?: unknown): Promise<PublishOutcome> {
  const a = args(arg);
  const doc = await documentFor(a);
  const site = siteFor(s, doc.getText());
  const out = await withProgress(`Ghost: pushing to ${site.title}…`, (t) => runPublish(s, doc, { onConflict: a.onConflict, onOwned: a.onOwned }, t));
  report(out, site, () => s.clients.client(site).then((c) => c.timezone()), typeOf(doc));
  return out;
}

/** Asks for a date on the site's clock (pre-filled with the file's, else tomorrow at this time); undefined when dismissed. */
export async function askWhen(title: string, zone: string, value: string | undefined): Promise<string> {
  const at = await vscode.window.showInputBox({
    title,
    prompt: `When it goes out, on the site's clock (${zone}); or ISO 8601 with a zone`,
    value: value ?? siteDateTime(Date.now() + 864e5, zone),
    ignoreFocusOut: true,
    validateInput: async (v) => {
      const read = await readWhen(v, async () => zone);
      return 'error' in read ? read.error : Date.parse(read.iso) <= Date.now() ? `That is not in the future on the site's clock (now ${siteDateTime(Date.now(), zone)}).` : undefined;
    },
  });
  if (!at) { throw new Cancelled(); }
  return at;
}

/** Publishes, after saying plainly what will happen (public, and by email if a newsletter is chosen). */
export async function publish(s: Services, arg?: unknown): Promise<PublishOutcome> {
  const a = args(arg);
  const doc = await documentFor(a);
  const site = siteFor(s, doc.getText());
  const title = prepareDocument(doc.uri.fsPath, doc.getText()).title;
  const prepared = prepareDocument(doc.uri.fsPath, doc.getText());
  let newsletter = a.newsletter;
  // What readers would miss (a link to a draft, an image without words…), said before the question.
  const before = a.confirm === false ? '' : findingsText(await findingsFor(s, doc).catch(() => []));
  if (a.confirm !== false) {
    if (newsletter === undefined) {
      const client = await s.clients.client(site);
      const letters = await client.newsletters().catch(() => []);
      if (letters.length) {
        // The file's own newsletter first, when it names one.
        const named = prepared.meta.newsletter;
        const items = [
          { label: '$(globe) Publish on the site only', description: 'no email', slug: '' },
          ...letters.map((l) => ({ label: `$(mail) Publish and email to “${l.name}”`, description: l.slug === named ? 'named in the file; sends now, cannot be undone' : 'sends now; cannot be undone', slug: l.slug })),
        ].sort((x, y) => Number(y.slug === named && !!named) - Number(x.slug === named && !!named));
        const pick = await vscode.window.showQuickPick(items, { title: `Publish “${title}”`, ignoreFocusOut: true });
        if (!pick) { throw new Cancelled(); }
        newsletter = pick.slug;
      }
    }
    if (!newsletter) {
      const ok = await vscode.window.showWarningMessage(`Publish “${title}” on ${site.title}?`, { modal: true, detail: `${before}It becomes public now. No email is sent.` }, 'Publish');
      if (!ok) { throw new Cancelled(); }
    }
  }
  // With a newsletter, the confirmation comes once Ghost has counted who would receive it.
  const confirmEmail = async (plan: EmailPlan, t: string) => {
    if (a.confirm === false) { return true; }
    const ok = await vscode.window.showWarningMessage(`Publish “${t}” on ${site.title} and send it by email?`, { modal: true, detail: `${before}${describeEmail(plan, t)}` }, 'Publish and Send');
    return ok === 'Publish and Send';
  };
  const out = await withProgress(`Ghost: publishing “${title}”…`, (t) => runPublish(s, doc, { status: 'published', newsletter: newsletter ?? '', emailSegment: a.segment, confirmEmail, onConflict: a.onConflict }, t));
  report(out, site, () => s.clients.client(site).then((c) => c.timezone()), typeOf(doc));
  return out;
}

export async function schedule(s: Services, arg?: unknown): Promise<PublishOutcome> {
  const a = args(arg);
  const doc = await documentFor(a);
  const site = siteFor(s, doc.getText());
  const prepared = prepareDocument(doc.uri.fsPath, doc.getText());
  // One reading of dates: a date without a zone is on the site's clock, here as in the CLI.
  const client = await s.clients.client(site);
  const zone = await client.timezone();
  const at = a.publishedAt ?? await askWhen(`Schedule “${prepared.title}”`, zone, scheduleShown(prepared.meta, zone, Date.now()));
  const when = await readWhen(at, async () => zone);
  if ('error' in when) { throw new GhostAuthorError(when.error); }
  if (a.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(`Schedule “${prepared.title}” on ${site.title} for ${describeWhen(when.iso, zone)}?`, { modal: true, detail: 'It becomes public then. No email is sent.' }, 'Schedule');
    if (!ok) { throw new Cancelled(); }
  }
  const iso = when.iso;
  const out = await withProgress('Ghost: scheduling…', (t) => runPublish(s, doc, { status: 'scheduled', publishedAt: iso, onConflict: a.onConflict }, t));
  report(out, site, () => s.clients.client(site).then((c) => c.timezone()), typeOf(doc));
  return out;
}

export async function unpublish(s: Services, arg?: unknown): Promise<PublishOutcome> {
  const a = args(arg);
  const doc = await documentFor(a);
  const site = siteFor(s, doc.getText());
  if (a.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(`Unpublish this post on ${site.title}?`, { modal: true, detail: 'It goes back to being a draft and leaves the site.' }, 'Unpublish');
    if (!ok) { throw new Cancelled(); }
  }
  const out = await withProgress('Ghost: unpublishing…', (t) => runPublish(s, doc, { status: 'draft', onConflict: a.onConflict }, t));
  report(out, site, () => s.clients.client(site).then((c) => c.timezone()), typeOf(doc));
  return out;
}

async function freeName(dir: string, base: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = path.join(dir, `${base}${i === 1 ? '' : `-${i}`}.md`);
    if (!(await fs.stat(candidate).catch(() => undefined))) { return candidate; }
  }
}

function targetDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) { throw new GhostAuthorError('Open a folder first: pulled and new posts are saved in it.'); }
  return folder.uri.fsPath;
}

/** Pulls a post or page into a new Markdown file (never over an existing one) and opens it. */
export async function pullPost(s: Services, arg?: unknown): Promise<vscode.Uri> {
  let ref: string | undefined;
  let type: 'post' | 'page' | undefined;
  let site = s.sites.active;
  if (arg instanceof ItemNode) {
    ref = arg.item.id;
    type = arg.parent.type === 'pages' ? 'page' : 'post';
    site = arg.parent.site;
  } else if (arg && typeof arg === 'object') {
    const o = arg as { id?: string; slug?: string; type?: 'post' | 'page' };
    ref = o.id ?? o.slug;
    type = o.type;
  }
  if (!site) { throw new GhostAuthorError('No Ghost site is connected.', 'Run “Ghost: Connect a Site…” first.'); }
  ref ??= await vscode.window.showInputBox({ title: 'Pull a post or page', prompt: 'Its id or slug', ignoreFocusOut: true });
  if (!ref) { throw new Cancelled(); }
  const dir = targetDir();
  const client = await s.clients.client(site);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Ghost: pulling…' }, async () => {
    const state = s.states.for(vscode.Uri.file(path.join(dir, 'x.md')));
    const pulled = await pullEngine(ref, { client, state, logger: s.log, renderMode: renderMode(), pathHistory: gitPathHistory() }, {
      type, file: (post) => freeName(dir, post.slug || 'pulled'),
    });
    const file = pulled.file ?? '';
    await writeFileAtomic(file, pulled.text);
    if (pulled.note) {
      s.log.warn(pulled.note);
      void vscode.window.showWarningMessage(pulled.note);
    }
    return file;
  });
  const uri = vscode.Uri.file(result);
  await vscode.window.showTextDocument(uri);
  s.log.info(`Pulled ${ref} from ${site.title} into ${result}.`);
  return uri;
}

const SCAFFOLD = (title: string, type: 'post' | 'page') => `---
title: ${JSON.stringify(title)}
${type === 'page' ? 'type: page\n' : ''}status: draft
tags: []
custom_excerpt: ""
feature_image: ""
---

Write here. Images next to this file can be linked as ![alt](image.png "caption").
`;

export async function newPost(_s: Services, arg?: unknown, type: 'post' | 'page' = 'post'): Promise<vscode.Uri> {
  const given = (arg as { title?: string } | undefined)?.title;
  const title = given ?? await vscode.window.showInputBox({ title: `New ${type}`, prompt: 'Title', ignoreFocusOut: true });
  if (!title) { throw new Cancelled(); }
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').slice(0, 80) || type;
  const file = await freeName(targetDir(), slug);
  await fs.writeFile(file, SCAFFOLD(title, type), { flag: 'wx' });
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri);
  return uri;
}
