// What several CLI commands share: the usage text, the exit codes, usage errors, the options
// main parses, the stderr logger, and small helpers for files, render modes and posts named on the
// command line. It runs no command and never contacts a site.
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDocument } from '../core/content/document';
import { ConfinementError, readMarkdownFile } from '../core/confine';
import type { RenderMode } from '../core/content/meta';
import type { connectKnown, knownKeyClient } from '../core/publish/knownSites';
import { GhostAuthorError } from '../core/ghost/errors';
import type { Logger } from '../core/log';
import type { Redactor } from '../core/redact';
import { VERSION } from '../core/version';

export const USAGE = `ghost-author ${VERSION}: publish Markdown to Ghost from a terminal or CI.

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
  ghost-author redirects [DIR] [-o FILE]      the old addresses the files list (Hugo aliases, Jekyll
                                              redirect_from) as Ghost's redirects.yaml (.json with -o x.json)
  ghost-author redirects [DIR] --upload [--yes]
                                              add them to the site's redirects (all the site's kept);
                                              needs a staff user's key (Ghost refuses integrations)
  ghost-author lint [FILE|DIR...] [--json]    the pre-flight check, offline: links to other files,
                                              templates left out, images, alt text, field lengths,
                                              heading levels, two files for one post (exit 1 on errors)
  ghost-author status [DIR] [--json]          every Markdown file under DIR (default: .) and every
                                              post and page of the site, each in one state
  ghost-author sync [DIR] [--plan] [--json]   push what changed here: create new files, update edited
                                              ones; leave the rest (never emails). --plan sends nothing

Options:
  --url URL      the site (default: $GHOST_URL)
  --key-stdin    read the Admin API key or staff token from standard input
                 (default: $GHOST_ADMIN_API_KEY; --key KEY still works but shows the key in the
                 process list and shell history, and warns)
  --allow-http   send the key over plain http to a site that is not this computer; anyone on
                 the way can read it (without it, such a site is refused with nothing sent)
  --state DIR    where .ghost-author/state.json is kept (default: the project's root: the
                 nearest folder up from here holding .ghost-author or .git, else this one)
  --render MODE  lexical (default), markdown or html, for files that do not say
  --verbose      log requests to stderr (secrets are redacted)
  -h, --help     this help

Exit codes: 0 ok, 1 error, 2 usage, 3 conflict.`;

export const EXIT = { ok: 0, error: 1, usage: 2, conflict: 3 } as const;

export class UsageError extends Error {}

export function stderrLogger(verbose: boolean, redactor: Redactor): Logger {
  const write = (level: string) => (m: string) => { if (verbose || level === 'warn' || level === 'error') { process.stderr.write(`${level}: ${redactor.redact(m)}\n`); } };
  return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** The options main parses (the usage text above says what each is for). */
export const OPTIONS = {
  url: { type: 'string' }, key: { type: 'string' }, 'key-stdin': { type: 'boolean' }, 'allow-http': { type: 'boolean' }, type: { type: 'string' }, status: { type: 'string' },
  limit: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  newsletter: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, recreate: { type: 'boolean' },
  output: { type: 'string', short: 'o' }, state: { type: 'string' }, render: { type: 'string' },
  'as-new': { type: 'boolean' }, 'take-over': { type: 'boolean' }, all: { type: 'boolean' }, plan: { type: 'boolean' }, filter: { type: 'string' }, images: { type: 'boolean' },
  segment: { type: 'string' }, 'email-only': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, to: { type: 'string' }, as: { type: 'string' },
  upload: { type: 'boolean' },
} as const;

export type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

/** What main hands a command that works with a site: the parsed arguments, the site and key, and how to connect. */
export interface CommandContext {
  command: string;
  values: Values;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  out: (s: string) => void;
  redactor: Redactor;
  url: string;
  key: string;
  logger: Logger;
  connect: (fresh?: boolean) => ReturnType<typeof connectKnown>;
  /**
   * A client for reading without connecting first (status, plans, dry runs): through the same door,
   * so the key waits for the probe (or a check of this site within the day) and https.
   */
  client: () => ReturnType<typeof knownKeyClient>;
}

/** A post named by id, or by the Markdown file linked to it (with the newsletter and segment it names). */
export async function postRef(ref: string): Promise<{ id: string; newsletter?: string; segment?: string }> {
  if (/^[0-9a-f]{24}$/.test(ref) && !(await exists(ref))) { return { id: ref }; }
  let text: string;
  try {
    text = await readMarkdownFile(ref, stateRoot(undefined));
  } catch (e) {
    // A link or a file outside the project is refused as such; anything else is no file at all.
    if (ConfinementError.is(e) && !/: no such file/.test(e.message)) { throw e; }
    throw new UsageError(`${ref} is neither a post id nor a file.`);
  }
  const doc = prepareDocument(path.resolve(ref), text);
  if (!doc.meta.link) { throw new GhostAuthorError(`${ref} is not linked to a post yet.`, 'Push it first (ghost-author publish), then preview its email.'); }
  return { id: doc.meta.link.id, newsletter: doc.meta.newsletter, segment: doc.meta.emailSegment };
}

export function renderMode(v: string | undefined): RenderMode | undefined {
  if (v === undefined) { return undefined; }
  if (v === 'lexical' || v === 'html' || v === 'markdown') { return v; }
  throw new UsageError('--render is lexical, markdown or html.');
}

export async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

/**
 * Where the project's records are kept: the folder given, else the nearest folder up from the
 * current one that holds `.ghost-author` or `.git` (so that runs from a subfolder share one
 * record, and a create under way in one is seen by the other), else the current folder.
 */
export function stateRoot(given: string | undefined, from = process.cwd()): string {
  if (given !== undefined) { return path.resolve(given); }
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fsSync.existsSync(path.join(dir, '.ghost-author')) || fsSync.existsSync(path.join(dir, '.git'))) { return dir; }
    if (path.dirname(dir) === dir) { return path.resolve(from); }
  }
}
