import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDocument } from './core/content/document';
import type { RenderMode } from './core/content/meta';
import { writeFileAtomic } from './core/fsutil';
import { publishFile, pullPost, type PublishContext, type PublishOptions } from './core/publish/engine';
import { buildPayload } from './core/publish/payload';
import { describeEmail, emailIntent, planEmail, previewEmail, previewLink, sendTestEmail } from './core/publish/email';
import { applySync, folderStatus, importLines, importReport, planTable, pullAll, syncPlan, type EntryState, type FolderStatus, type SyncResult, type SyncStep, STATE_LABELS } from './core/publish/folder';
import type { PostLike } from './core/ghost/types';
import { gitHistory } from './core/publish/history';
import { StateStore } from './core/publish/state';
import { connectKnown, KnownSites } from './core/publish/knownSites';
import { parseAdminKey } from './core/ghost/adminKey';
import { GhostClient } from './core/ghost/client';
import { describeIdentity } from './core/ghost/connect';
import { parseSiteUrl } from './core/ghost/siteUrl';
import { errorMessage, GhostAuthorError } from './core/ghost/errors';
import type { Logger } from './core/log';
import { Redactor } from './core/redact';
import { USER_AGENT, VERSION } from './core/version';

const USAGE = `ghost-author ${VERSION}: publish Markdown to Ghost from a terminal or CI.

Usage:
  ghost-author check                          the site, its version, and who the key belongs to
  ghost-author list [--type posts|pages] [--status draft|scheduled|published] [--limit N | --all] [--json]
  ghost-author render FILE                    print what would be sent (HTML or Lexical), send nothing
  ghost-author publish FILE... [--status draft|published|scheduled] [--newsletter SLUG]
                       [--segment FILTER] [--email-only] [--yes]
                       [--dry-run] [--force] [--recreate] [--as-new|--take-over] [--json]
                                              push files; the front matter's status is applied on the
                                              first push and when it changed since (re-runs change nothing)
  ghost-author pull ID|SLUG [-o FILE] [--type post|page]
                                              write a post or page as Markdown (stdout without -o)
  ghost-author pull --all [-o DIR] [--filter NQL] [--images]
                                              every post and page into DIR/posts and DIR/pages, by
                                              slug, linked; posts a file there links to are left alone;
                                              --images: the site's images into DIR/images, as local paths
  ghost-author email-preview ID|FILE [-o FILE] [--newsletter SLUG] [--segment FILTER]
                                              Ghost's own rendering of the post's email (HTML)
  ghost-author test-email ID|FILE --to ADDRESS [--newsletter SLUG] [--segment FILTER]
                                              one test email to a staff user; nothing else is sent
  ghost-author preview-link ID|FILE [--as anonymous|free|paid]
                                              where a reader sees the draft, on the site's domain
  ghost-author status [DIR] [--json]          every Markdown file under DIR (default: .) and every
                                              post and page of the site, each in one state
  ghost-author sync [DIR] [--plan] [--json]   push what changed here: create new files, update edited
                                              ones; leave the rest (never emails). --plan sends nothing

Options:
  --url URL      the site (default: $GHOST_URL)
  --key KEY      Admin API key or staff token (default: $GHOST_ADMIN_API_KEY; prefer the variable)
  --state DIR    where .ghost-author/state.json is kept (default: the current folder)
  --render MODE  lexical (default), markdown or html, for files that do not say
  --verbose      log requests to stderr (secrets are redacted)
  -h, --help     this help

Exit codes: 0 ok, 1 error, 2 usage, 3 conflict.`;

export const EXIT = { ok: 0, error: 1, usage: 2, conflict: 3 } as const;

class UsageError extends Error {}

function stderrLogger(verbose: boolean, redactor: Redactor): Logger {
  const write = (level: string) => (m: string) => { if (verbose || level === 'warn' || level === 'error') { process.stderr.write(`${level}: ${redactor.redact(m)}\n`); } };
  return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (s: string) => void = (s) => process.stdout.write(s), redactor = new Redactor()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' }, key: { type: 'string' }, type: { type: 'string' }, status: { type: 'string' },
        limit: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        newsletter: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, recreate: { type: 'boolean' },
        output: { type: 'string', short: 'o' }, state: { type: 'string' }, render: { type: 'string' },
        'as-new': { type: 'boolean' }, 'take-over': { type: 'boolean' }, all: { type: 'boolean' }, plan: { type: 'boolean' }, filter: { type: 'string' }, images: { type: 'boolean' },
        segment: { type: 'string' }, 'email-only': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, to: { type: 'string' }, as: { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    out(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (command === 'render') {
    return render(positionals.slice(1), values.render, out);
  }
  let sites: KnownSites | undefined;
  const url = values.url ?? env.GHOST_URL;
  const key = values.key ?? env.GHOST_ADMIN_API_KEY;
  redactor.add(key);
  redactor.add(key?.split(':')[1]);
  try {
    if (!url || !key) {
      throw new UsageError('Set GHOST_URL and GHOST_ADMIN_API_KEY (or pass --url and --key).');
    }
    const logger = stderrLogger(values.verbose ?? false, redactor);
    // What connecting learns is kept beside the state for a day: a run asks the site only what it must.
    sites = KnownSites.under(path.resolve(values.state ?? '.'), logger);
    const known = sites;
    const connect = (fresh?: boolean) => connectKnown(url, key, { userAgent: USER_AGENT, logger, sites: known, fresh });
    switch (command) {
      case 'check': {
        // Checking is asking: the site is always asked, and what it says is kept.
        const c = await connect(true);
        if (values.json) {
          out(`${JSON.stringify({ url: c.site.adminUrl, title: c.info.title, version: c.info.version, identity: c.identity })}\n`);
        } else {
          out(`${c.info.title} — Ghost ${c.info.version} at ${c.site.adminUrl}\nKey: ${describeIdentity(c.identity)}\n`);
        }
        return EXIT.ok;
      }
      case 'list': {
        const type = values.type ?? 'posts';
        if (type !== 'posts' && type !== 'pages') { throw new UsageError('--type is posts or pages.'); }
        const limit = values.limit ? Number(values.limit) : 15;
        if (!Number.isInteger(limit) || limit < 1) { throw new UsageError('--limit is a whole number from 1.'); }
        if (values.all && values.limit) { throw new UsageError('--all and --limit exclude each other.'); }
        const c = await connect();
        const status = values.status === 'published' ? '[published,sent]' : values.status;
        const params = {
          filter: status ? `status:${status}` : undefined, order: 'updated_at desc',
          fields: ['id', 'title', 'slug', 'status', 'updated_at', 'published_at'],
        };
        let res: { items: PostLike[]; pagination: { total: number } };
        if (values.all) {
          // Every page of 100, in order.
          const items: PostLike[] = [];
          for await (const p of c.client.resource(type).all(params)) { items.push(p); }
          res = { items, pagination: { total: items.length } };
        } else {
          res = await c.client.resource(type).browse({ ...params, limit });
        }
        if (values.json) {
          out(`${JSON.stringify({ [type]: res.items, total: res.pagination.total })}\n`);
        } else {
          for (const p of res.items) { out(`${p.id}  ${p.status.padEnd(9)}  ${p.title}\n`); }
          out(`(${res.items.length} of ${res.pagination.total})\n`);
        }
        return EXIT.ok;
      }
      case 'publish': {
        const files = positionals.slice(1);
        if (!files.length) { throw new UsageError('Name the Markdown file(s) to publish.'); }
        const status = values.status;
        if (status !== undefined && status !== 'draft' && status !== 'published' && status !== 'scheduled') {
          throw new UsageError('--status is draft, published or scheduled.');
        }
        if (values['as-new'] && values['take-over']) { throw new UsageError('--as-new and --take-over exclude each other.'); }
        const mode = renderMode(values.render);
        if (values.segment && !values.newsletter) { throw new UsageError('--segment chooses who of a newsletter\'s members get the email: name the newsletter with --newsletter.'); }
        const opts: PublishOptions = {
          status, newsletter: values.newsletter, emailSegment: values.segment, emailOnly: values['email-only'], dryRun: values['dry-run'], force: values.force, recreate: values.recreate,
          ownership: values['as-new'] ? 'new' : values['take-over'] ? 'take-over' : undefined,
          // An email goes only when the writer says so: --yes, or yes at the prompt.
          confirmEmail: async (plan, title) => {
            const line = describeEmail(plan, title);
            if (values.yes) { process.stderr.write(`${line}\n`); return true; }
            // A terminal can be asked; CI (CI set, as GitHub Actions and others do) never is.
            if (process.stdin.isTTY && process.stderr.isTTY && !env.CI) { return ask(`${line}\nSend it? [y/N] `); }
            process.stderr.write(`${line}\nNot sent: the CLI cannot ask here, so sending email needs --yes.\n`);
            return false;
          },
        };
        // Every file is read and checked first, with no request: bad front matter, images outside
        // the project and unchanged files cost nothing, and the site is contacted only if needed.
        const state = new StateStore(path.resolve(values.state ?? '.'));
        const offline: PublishContext = { client: GhostClient.withKey(parseSiteUrl(url), parseAdminKey(key), { userAgent: USER_AGENT, logger }), state, logger, renderMode: mode, frontMatterStatus: true, history: gitHistory() };
        let ctx: PublishContext | undefined;
        let worst: number = EXIT.ok;
        const results: Array<Record<string, unknown>> = [];
        for (const f of files) {
          let r: FileResult;
          try {
            const planned = await publishOne(f, offline, { ...opts, dryRun: true });
            if (opts.dryRun && planned.code === EXIT.ok) {
              // What the email would be, asked of Ghost: the newsletter, the members, never sent before.
              const email = await dryRunEmail(f, offline, opts);
              if (email) { planned.message += `\n${f}: ${email.line}`; planned.json.email = email.json; }
            }
            if (opts.dryRun || planned.json.action === 'none' || planned.code !== EXIT.ok) {
              r = planned.json.action === 'none' ? unchangedResult(f, planned) : planned;
            } else {
              const online: PublishContext = ctx ?? await connect().then((c) => ({ ...offline, client: c.client, get identity() { return c.identity; } }));
              ctx = online;
              r = await publishOne(f, online, opts);
            }
          } catch (e) {
            // One bad file does not stop the others; the exit code still reports it.
            r = { code: EXIT.error, message: `${f}: error: ${redactor.redact(errorMessage(e))}`, json: { file: f, result: 'error', error: redactor.redact(errorMessage(e)) } };
          }
          worst = worst === EXIT.conflict || r.code === EXIT.conflict ? EXIT.conflict : Math.max(worst, r.code);
          results.push(r.json);
          if (!values.json) { (r.code === EXIT.ok ? out : (m: string) => process.stderr.write(m))(`${r.message}\n`); }
        }
        if (values.json) { out(`${JSON.stringify(results, null, 2)}\n`); }
        return worst;
      }
      case 'pull': {
        if (values.all) {
          if (positionals.length > 1) { throw new UsageError('pull --all takes no id or slug: it pulls every post and page (narrow it with --filter).'); }
          const dir = path.resolve(values.output ?? '.');
          const c = await connect();
          const ctx: PublishContext = { client: c.client, state: new StateStore(path.resolve(values.state ?? '.')), logger };
          const res = await pullAll(dir, ctx, { filter: values.filter, images: values.images, progress: values.json ? undefined : (n) => { if (n % 50 === 0) { process.stderr.write(`${n} written…\n`); } } });
          if (values.json) {
            out(`${JSON.stringify(res, null, 2)}\n`);
          } else {
            for (const w of res.written) { out(`${path.relative(process.cwd(), path.join(dir, w.file)).split(path.sep).join('/')}\n`); }
            out(`Wrote ${res.written.length} file(s); ${res.present.length} already here, left as they are.\n`);
            if (res.fromHtml.length) { process.stderr.write(`note: ${res.fromHtml.length} post(s) were written in Ghost's older editor and read from their HTML; check their cards before pushing them back: ${res.fromHtml.join(', ')}\n`); }
          }
          return EXIT.ok;
        }
        const ref = positionals[1];
        if (!ref) { throw new UsageError('Name the post or page to pull, by id or slug.'); }
        const type = values.type === 'page' || values.type === 'pages' ? 'page' : values.type === 'post' || values.type === 'posts' ? 'post' : undefined;
        const c = await connect();
        const ctx: PublishContext = { client: c.client, state: new StateStore(path.resolve(values.state ?? '.')), logger };
        if (values.output) {
          const pulled = await pullToFile(ref, ctx, path.resolve(values.output), type);
          process.stderr.write(`Wrote ${values.output} (${pulled.type} “${pulled.post.title}”).\n`);
          if (pulled.note) { process.stderr.write(`note: ${pulled.note}\n`); }
        } else {
          // Printed only: no file is linked to it, so no record changes.
          const pulled = await pullPost(ref, ctx, { type });
          if (pulled.note) { process.stderr.write(`note: ${pulled.note}\n`); }
          out(pulled.text);
        }
        return EXIT.ok;
      }
      case 'email-preview':
      case 'test-email': {
        const ref = positionals[1];
        if (!ref || positionals.length > 2) { throw new UsageError(`Name one post, by id or by its linked file, for ${command}.`); }
        if (command === 'test-email' && !values.to) { throw new UsageError('test-email needs --to ADDRESS (a staff user of the site).'); }
        const c = await connect();
        const target = await postRef(ref);
        const view = { newsletter: values.newsletter ?? target.newsletter, segment: values.segment ?? target.segment };
        if (command === 'test-email') {
          await sendTestEmail(c.client, target.id, values.to ?? '', view);
          process.stderr.write(`Sent a test email of ${target.id} to ${values.to}.\n`);
          return EXIT.ok;
        }
        const p = await previewEmail(c.client, target.id, view);
        if (values.output) {
          if (await exists(values.output)) { throw new GhostAuthorError(`${values.output} already exists: email-preview will not overwrite it.`, 'Choose another file or remove it first.'); }
          await writeFileAtomic(path.resolve(values.output), p.html);
          process.stderr.write(`Wrote ${values.output} (subject: ${p.subject}).\n`);
        } else {
          out(p.html.endsWith('\n') ? p.html : `${p.html}\n`);
        }
        return EXIT.ok;
      }
      case 'preview-link': {
        const ref = positionals[1];
        if (!ref || positionals.length > 2) { throw new UsageError('Name one post, by id or by its linked file, for preview-link.'); }
        const as = values.as;
        if (as !== undefined && as !== 'anonymous' && as !== 'free' && as !== 'paid') { throw new UsageError('--as is anonymous, free or paid.'); }
        const c = await connect();
        const target = await postRef(ref);
        const post = await c.client.posts.read(target.id, { fields: ['id', 'uuid', 'status', 'url'] }).catch(() => c.client.pages.read(target.id, { fields: ['id', 'uuid', 'status', 'url'] }));
        out(`${previewLink(post, c.info.url, as)}\n`);
        return EXIT.ok;
      }
      case 'status':
      case 'sync': {
        const dir = path.resolve(positionals[1] ?? '.');
        if (positionals.length > 2) { throw new UsageError(`Name one folder to ${command}.`); }
        if (!(await fs.stat(dir).then((s) => s.isDirectory(), () => false))) { throw new UsageError(`${positionals[1] ?? '.'} is not a folder.`); }
        const state = new StateStore(path.resolve(values.state ?? '.'));
        const ctx: PublishContext = { client: GhostClient.withKey(parseSiteUrl(url), parseAdminKey(key), { userAgent: USER_AGENT, logger }), state, logger, renderMode: renderMode(values.render), frontMatterStatus: true, history: gitHistory() };
        const status = await folderStatus(dir, ctx);
        // Files named from where the command runs, as git does.
        for (const e of status.entries) { if (e.file) { e.file = path.relative(process.cwd(), path.join(dir, e.file)).split(path.sep).join('/'); } }
        if (command === 'status') {
          out(values.json ? `${JSON.stringify({ entries: status.entries, requests: status.requests, bytesReceived: status.bytesReceived, summary: countStates(status), frontMatter: importReport(status.entries) }, null, 2)}\n` : statusText(status));
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
          writeFile: writeFileAtomic,
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
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    if (!GhostAuthorError.is(e) && e instanceof Error && e.stack && values.verbose) {
      process.stderr.write(`${redactor.redact(e.stack)}\n`);
    }
    return EXIT.error;
  } finally {
    // What this run learnt (a time zone read, an entry dropped) is on disk before it ends.
    await sites?.settled();
  }
}

/** A post named by id, or by the Markdown file linked to it (with the newsletter and segment it names). */
async function postRef(ref: string): Promise<{ id: string; newsletter?: string; segment?: string }> {
  if (/^[0-9a-f]{24}$/.test(ref) && !(await exists(ref))) { return { id: ref }; }
  let text: string;
  try { text = await fs.readFile(ref, 'utf8'); } catch { throw new UsageError(`${ref} is neither a post id nor a file.`); }
  const doc = prepareDocument(path.resolve(ref), text);
  if (!doc.meta.link) { throw new GhostAuthorError(`${ref} is not linked to a post yet.`, 'Push it first (ghost-author publish), then preview its email.'); }
  return { id: doc.meta.link.id, newsletter: doc.meta.newsletter, segment: doc.meta.emailSegment };
}

async function ask(question: string): Promise<boolean> {
  const rl = (await import('node:readline/promises')).createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** For --dry-run: the email a publish would send, checked with Ghost (nothing is sent). */
async function dryRunEmail(file: string, ctx: PublishContext, opts: PublishOptions): Promise<{ line: string; json: Record<string, unknown> } | undefined> {
  const doc = prepareDocument(path.resolve(file), await fs.readFile(file, 'utf8'));
  const want = emailIntent(doc, opts);
  if (!want) { return undefined; }
  const plan = await planEmail(ctx.client, want, { id: doc.meta.link?.id, title: doc.title, emailOnly: opts.emailOnly === true || doc.meta.fields.email_only === true, type: doc.meta.type });
  return { line: `would email: ${describeEmail(plan, doc.title)}`, json: { newsletter: plan.newsletter.slug, segment: plan.segment, recipients: plan.recipients, emailOnly: plan.emailOnly } };
}

function renderMode(v: string | undefined): RenderMode | undefined {
  if (v === undefined) { return undefined; }
  if (v === 'lexical' || v === 'html' || v === 'markdown') { return v; }
  throw new UsageError('--render is lexical, markdown or html.');
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

async function render(files: string[], mode: string | undefined, out: (s: string) => void): Promise<number> {
  const [file] = files;
  if (!file || files.length > 1) {
    process.stderr.write(`Name one Markdown file to render.\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    const doc = prepareDocument(path.resolve(file), await fs.readFile(file, 'utf8'));
    const payload = buildPayload(doc, doc.meta.render ?? renderMode(mode) ?? 'lexical', new Map());
    for (const w of doc.warnings) { process.stderr.write(`warning: ${file}:${w.line}: ${w.message}\n`); }
    out(`${JSON.stringify({ type: doc.meta.type, mode: payload.mode, htmlCards: payload.htmlCards, ...payload.fields }, null, 2)}\n`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`${e.message}\n`); return EXIT.usage; }
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return EXIT.error;
  }
}

/** Pulls a post into a new file, written whole or not at all; an existing file is never replaced. */
export async function pullToFile(ref: string, ctx: PublishContext, target: string, type?: 'post' | 'page'): Promise<Awaited<ReturnType<typeof pullPost>>> {
  if (await exists(target)) {
    throw new GhostAuthorError(`${path.basename(target)} already exists: pull will not overwrite it.`, 'Choose another file or remove it first.');
  }
  const pulled = await pullPost(ref, ctx, { type, file: target });
  await writeFileAtomic(target, pulled.text);
  return pulled;
}

interface FileResult { code: number; message: string; json: Record<string, unknown> }

function unchangedResult(file: string, planned: FileResult): FileResult {
  return { code: EXIT.ok, message: `${file}: unchanged, nothing sent`, json: { file, result: 'unchanged', id: planned.json.id } };
}

export async function publishOne(file: string, ctx: PublishContext, opts: PublishOptions): Promise<FileResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${file} could not be read: ${(e as Error).message}`);
  }
  // The link goes into the file as soon as Ghost has made the post.
  const res = await publishFile(path.resolve(file), text, { ...ctx, writeLink: ctx.writeLink ?? writeFileAtomic }, opts);
  for (const w of res.warnings) { process.stderr.write(`warning: ${file}: ${w}\n`); }
  const images = res.uploaded ? ` (${res.uploaded} image(s) uploaded)` : '';
  switch (res.kind) {
    case 'created':
      if (res.incomplete) {
        return { code: EXIT.error, message: `${file}: created draft ${res.post.id} “${res.title}”, but the status change failed (see the warning above)`, json: { file, result: 'created', incomplete: true, id: res.post.id, status: res.post.status, url: res.post.url, warnings: res.warnings } };
      }
      return { code: EXIT.ok, message: `${file}: created ${res.post.status} ${res.post.id} “${res.title}”${images}`, json: { file, result: 'created', id: res.post.id, status: res.post.status, url: res.post.url } };
    case 'updated':
      return { code: EXIT.ok, message: `${file}: updated ${res.post.status} ${res.post.id}${images}`, json: { file, result: 'updated', id: res.post.id, status: res.post.status, url: res.post.url } };
    case 'unchanged':
      return { code: EXIT.ok, message: `${file}: unchanged, nothing sent`, json: { file, result: 'unchanged', id: res.id } };
    case 'dry-run':
      return { code: EXIT.ok, message: `${file}: would ${res.action === 'none' ? 'send nothing (unchanged)' : res.action}${res.uploads.length ? ` and upload ${res.uploads.join(', ')}` : ''}`, json: { file, result: 'dry-run', action: res.action, id: res.id, uploads: res.uploads, fields: res.payload.fields } };
    case 'conflict': {
      const why = res.reason === 'no-record'
        ? 'there is no record here of its last push (.ghost-author/state.json), so Ghost’s version may hold edits that would be lost'
        : `it was edited in Ghost (at ${res.server?.updated_at ?? 'an unknown time'}) since it was last pushed`;
      return { code: EXIT.conflict, message: `${file}: conflict: ${why}. Nothing was overwritten. Pull it to compare, or publish with --force to overwrite Ghost’s version.`, json: { file, result: 'conflict', id: res.id, reason: res.reason, serverUpdatedAt: res.server?.updated_at } };
    }
    case 'owned-elsewhere':
      if (res.ambiguous) {
        return { code: EXIT.conflict, message: `${file}: ${res.ambiguous.length} files name post ${res.id} (${res.ambiguous.join(', ')}) and none can show it is the one last pushed. Nothing was sent. Publish the post's own file with --take-over, and each copy with --as-new.`, json: { file, result: 'owned-elsewhere', id: res.id, owner: res.owner, ambiguous: res.ambiguous } };
      }
      return { code: EXIT.conflict, message: `${file}: its post ${res.id} belongs to ${res.owner} (this file looks like a copy of it). Nothing was sent. Publish with --as-new to make this file a new post, or --take-over to make it the post's file instead of ${res.owner}.`, json: { file, result: 'owned-elsewhere', id: res.id, owner: res.owner } };
    case 'deleted':
      return { code: EXIT.error, message: `${file}: its post ${res.id} was deleted in Ghost. Publish with --recreate to create it again.`, json: { file, result: 'deleted', id: res.id } };
  }
}

const STATE_ORDER: EntryState[] = ['conflict', 'changed-here', 'changed-in-ghost', 'new', 'deleted-in-ghost', 'owned-elsewhere', 'invalid', 'only-in-ghost', 'in-sync'];

function countStates(status: FolderStatus): Partial<Record<EntryState, number>> {
  const out: Partial<Record<EntryState, number>> = {};
  for (const e of status.entries) { out[e.state] = (out[e.state] ?? 0) + 1; }
  return out;
}

/** Like git status: each state with its files (in sync counted only), then one line of counts. */
function statusText(status: FolderStatus): string {
  const lines: string[] = [];
  for (const state of STATE_ORDER) {
    const items = status.entries.filter((e) => e.state === state);
    if (!items.length || state === 'in-sync') { continue; }
    lines.push(`${STATE_LABELS[state]} (${items.length}):`);
    for (const e of items) { lines.push(`  ${e.file ?? `${e.type} ${e.slug ?? e.id}`}  “${e.title}”${e.state === 'invalid' || e.state === 'owned-elsewhere' ? `: ${e.why}` : ''}`); }
  }
  const counts = countStates(status);
  lines.push(STATE_ORDER.filter((s) => counts[s]).map((s) => `${counts[s]} ${STATE_LABELS[s]}`).join(', ') || 'No Markdown files and no posts.');
  return `${lines.join('\n')}\n${importText(status)}`;
}

const planJson = (s: SyncStep) => ({ file: s.entry.file, id: s.entry.id, type: s.entry.type, title: s.entry.title, state: s.entry.state, action: s.action, uploads: s.uploads, why: s.why });

function planText(plan: SyncStep[]): string {
  const lines: string[] = [];
  for (const action of ['create', 'update'] as const) {
    for (const s of plan.filter((x) => x.action === action)) {
      lines.push(`would ${action} ${s.entry.file}  “${s.entry.title}”${s.uploads.length ? ` (upload ${s.uploads.join(', ')})` : ''}`);
    }
  }
  for (const s of plan.filter((x) => x.action === 'leave' && x.entry.state !== 'in-sync' && x.entry.state !== 'only-in-ghost')) {
    lines.push(`leave ${s.entry.file}: ${s.why}`);
  }
  const onlyThere = plan.filter((x) => x.entry.state === 'only-in-ghost').length;
  if (onlyThere) { lines.push(`leave ${onlyThere} post(s) and page(s) only in Ghost: pull --all brings them here`); }
  const n = (a: string) => plan.filter((x) => x.action === a).length;
  const inSync = plan.filter((x) => x.entry.state === 'in-sync').length;
  lines.push(`${n('create')} to create, ${n('update')} to update, ${n('leave') - inSync} left alone, ${inSync} in sync. Nothing was sent.`);
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

function syncLine(r: SyncResult): string {
  const name = r.step.entry.file ?? `${r.step.entry.type} ${r.step.entry.slug ?? r.step.entry.id}`;
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

const syncJson = (r: SyncResult) => ({ ...planJson(r.step), result: r.error ? 'error' : r.outcome?.kind ?? 'left', ...(r.error ? { error: r.error } : {}), ...(r.outcome && 'post' in r.outcome ? { id: r.outcome.post.id, status: r.outcome.post.status } : {}) });

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

if (require.main === module) {
  const redactor = new Redactor();
  main(process.argv.slice(2), process.env, (s) => process.stdout.write(s), redactor).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    process.exitCode = EXIT.error;
  });
}
