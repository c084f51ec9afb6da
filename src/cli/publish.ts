// ghost-author publish: pushes Markdown files to Ghost, each checked first with no request; the
// site is contacted only for a file that changed. It never overwrites an edit made in Ghost without
// --force, and never sends an email without --yes or a yes at the prompt.
import * as path from 'node:path';
import { prepareDocument } from '../core/content/document';
import { readMarkdownFile } from '../core/confine';
import { linkFile } from '../core/publish/linkFile';
import { publishFile, type PublishContext, type PublishOptions } from '../core/publish/engine';
import { describeEmail, emailIntent, planEmail } from '../core/publish/email';
import { gitHistory, gitPathHistory } from '../core/publish/history';
import { StateStore } from '../core/publish/state';
import { errorMessage, GhostAuthorError } from '../core/ghost/errors';
import { EXIT, renderMode, UsageError, type CommandContext, stateRoot } from './shared';

export async function run({ values, positionals, env, out, redactor, logger, connect, client }: CommandContext): Promise<number> {
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
  const state = new StateStore(stateRoot(values.state));
  const offline: PublishContext = { client: client(), state, logger, renderMode: mode, frontMatterStatus: true, history: gitHistory(), pathHistory: gitPathHistory() };
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

/** A yes-or-no question on the terminal (no by default). */
export async function ask(question: string): Promise<boolean> {
  const rl = (await import('node:readline/promises')).createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** For --dry-run: the email a publish would send, checked with Ghost (nothing is sent). */
async function dryRunEmail(file: string, ctx: PublishContext, opts: PublishOptions): Promise<{ line: string; json: Record<string, unknown> } | undefined> {
  const doc = prepareDocument(path.resolve(file), await readMarkdownFile(file, ctx.state.root));
  const want = emailIntent(doc, opts);
  if (!want) { return undefined; }
  const plan = await planEmail(ctx.client, want, { id: doc.meta.link?.id, title: doc.title, emailOnly: opts.emailOnly === true || doc.meta.fields.email_only === true, type: doc.meta.type });
  return { line: `would email: ${describeEmail(plan, doc.title)}`, json: { newsletter: plan.newsletter.slug, segment: plan.segment, recipients: plan.recipients, emailOnly: plan.emailOnly } };
}

interface FileResult { code: number; message: string; json: Record<string, unknown> }

function unchangedResult(file: string, planned: FileResult): FileResult {
  return { code: EXIT.ok, message: `${file}: unchanged, nothing sent`, json: { file, result: 'unchanged', id: planned.json.id } };
}

export async function publishOne(file: string, ctx: PublishContext, opts: PublishOptions): Promise<FileResult> {
  let text: string;
  try {
    // Under the confinement rule: a link (to /proc/self/environ, to a file outside) is neither read nor written.
    text = await readMarkdownFile(file, ctx.state.root);
  } catch (e) {
    if (GhostAuthorError.is(e)) { throw e; }
    throw new Error(`${file} could not be read: ${(e as Error).message}`);
  }
  // The link goes into the file as soon as Ghost has made the post.
  const res = await publishFile(path.resolve(file), text, { ...ctx, writeLink: ctx.writeLink ?? linkFile }, opts);
  for (const w of res.warnings) { process.stderr.write(`warning: ${file}: ${w}\n`); }
  const images = res.uploaded ? ` (${res.uploaded} image(s) uploaded)` : '';
  switch (res.kind) {
    case 'created':
      if (res.incomplete) {
        // The post is there and linked; what stopped the rest is the last warning (a publish that
        // failed, or an earlier push's post that differs from this file).
        return { code: EXIT.error, message: `${file}: ${res.post.status} ${res.post.id} “${res.title}” is linked to this file, but this push did not finish: ${res.warnings.at(-1) ?? 'see the warnings above'}`, json: { file, result: 'created', incomplete: true, id: res.post.id, status: res.post.status, url: res.post.url, warnings: res.warnings } };
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
