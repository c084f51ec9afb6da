import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDocument } from './core/content/document';
import type { RenderMode } from './core/content/meta';
import { writeFileAtomic } from './core/fsutil';
import { publishFile, pullPost, type PublishContext, type PublishOptions } from './core/publish/engine';
import { buildPayload } from './core/publish/payload';
import { gitHistory } from './core/publish/history';
import { StateStore } from './core/publish/state';
import { parseAdminKey } from './core/ghost/adminKey';
import { GhostClient } from './core/ghost/client';
import { connectWithKey, describeIdentity } from './core/ghost/connect';
import { parseSiteUrl } from './core/ghost/siteUrl';
import { errorMessage, GhostAuthorError } from './core/ghost/errors';
import type { Logger } from './core/log';
import { Redactor } from './core/redact';
import { USER_AGENT, VERSION } from './core/version';

const USAGE = `ghost-author ${VERSION}: publish Markdown to Ghost from a terminal or CI.

Usage:
  ghost-author check                          the site, its version, and who the key belongs to
  ghost-author list [--type posts|pages] [--status draft|scheduled|published] [--limit N] [--json]
  ghost-author render FILE                    print what would be sent (HTML or Lexical), send nothing
  ghost-author publish FILE... [--status draft|published|scheduled] [--newsletter SLUG]
                       [--dry-run] [--force] [--recreate] [--as-new|--take-over] [--json]
                                              push files; the front matter's status is applied on the
                                              first push and when it changed since (re-runs change nothing)
  ghost-author pull ID|SLUG [-o FILE] [--type post|page]
                                              write a post or page as Markdown (stdout without -o)

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
        'as-new': { type: 'boolean' }, 'take-over': { type: 'boolean' },
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
  const url = values.url ?? env.GHOST_URL;
  const key = values.key ?? env.GHOST_ADMIN_API_KEY;
  redactor.add(key);
  redactor.add(key?.split(':')[1]);
  try {
    if (!url || !key) {
      throw new UsageError('Set GHOST_URL and GHOST_ADMIN_API_KEY (or pass --url and --key).');
    }
    const logger = stderrLogger(values.verbose ?? false, redactor);
    switch (command) {
      case 'check': {
        const c = await connectWithKey(url, key, { userAgent: USER_AGENT, logger });
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
        const c = await connectWithKey(url, key, { userAgent: USER_AGENT, logger });
        const status = values.status === 'published' ? '[published,sent]' : values.status;
        const res = await c.client.resource(type).browse({
          limit, filter: status ? `status:${status}` : undefined, order: 'updated_at desc',
          fields: ['id', 'title', 'slug', 'status', 'updated_at', 'published_at'],
        });
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
        const opts: PublishOptions = {
          status, newsletter: values.newsletter, dryRun: values['dry-run'], force: values.force, recreate: values.recreate,
          ownership: values['as-new'] ? 'new' : values['take-over'] ? 'take-over' : undefined,
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
            if (opts.dryRun || planned.json.action === 'none' || planned.code !== EXIT.ok) {
              r = planned.json.action === 'none' ? unchangedResult(f, planned) : planned;
            } else {
              const online: PublishContext = ctx ?? await connectWithKey(url, key, { userAgent: USER_AGENT, logger }).then((c) => ({ ...offline, client: c.client, identity: c.identity }));
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
        const ref = positionals[1];
        if (!ref) { throw new UsageError('Name the post or page to pull, by id or slug.'); }
        const type = values.type === 'page' || values.type === 'pages' ? 'page' : values.type === 'post' || values.type === 'posts' ? 'post' : undefined;
        const c = await connectWithKey(url, key, { userAgent: USER_AGENT, logger });
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
  }
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
      return { code: EXIT.conflict, message: `${file}: its post ${res.id} belongs to ${res.owner} (this file looks like a copy of it). Nothing was sent. Publish with --as-new to make this file a new post, or --take-over to make it the post's file instead of ${res.owner}.`, json: { file, result: 'owned-elsewhere', id: res.id, owner: res.owner } };
    case 'deleted':
      return { code: EXIT.error, message: `${file}: its post ${res.id} was deleted in Ghost. Publish with --recreate to create it again.`, json: { file, result: 'deleted', id: res.id } };
  }
}

if (require.main === module) {
  const redactor = new Redactor();
  main(process.argv.slice(2), process.env, (s) => process.stdout.write(s), redactor).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    process.exitCode = EXIT.error;
  });
}
