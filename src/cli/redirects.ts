// ghost-author redirects: the old addresses the files list (Hugo `aliases`, Jekyll
// `redirect_from`) as a redirects file in Ghost's format, each a permanent (301) redirect to the
// post's address on Ghost (/slug/). YAML (Ghost's redirects.yaml) unless -o names a .json file.
// It never contacts a site: upload the file in Ghost Admin (Settings → Labs → Redirects).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument, SkippedFileError } from '../core/content/document';
import { siteToolOf, slugify } from '../core/content/siteTool';
import { readConfined } from '../core/confine';
import { errorMessage } from '../core/ghost/errors';
import { writeFileAtomic } from '../core/fsutil';
import { markdownFiles } from '../core/publish/markdownFiles';
import { readYaml } from '../core/content/yaml';
import { GhostApiError, GhostAuthorError } from '../core/ghost/errors';
import { EXIT, USAGE, UsageError, type CommandContext } from './shared';

export interface Redirect { from: string; to: string; file: string }

/** A path as a pattern of Ghost's redirects (regular expressions): the path itself, with or without its last slash. */
export function redirectPattern(from: string): string {
  const bare = from.replace(/\/+$/, '');
  return `^${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`;
}

/** An old address as a path from the site's root: Hugo's page-relative aliases are read from the file's section. */
function sitePath(alias: string, file: string): string | undefined {
  let a = alias.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(a) || a.startsWith('//')) {
    try { a = new URL(a.startsWith('//') ? `https:${a}` : a).pathname; } catch { return undefined; }
  }
  if (!a.startsWith('/')) {
    const tool = siteToolOf(file);
    const section = tool?.name === 'hugo' ? path.relative(path.join(tool.root, 'content'), path.dirname(file)).split(path.sep).filter((p) => p && p !== '..') : [];
    a = `/${[...section, a].join('/')}`;
  }
  return a.replace(/\/{2,}/g, '/');
}

/** Every redirect the Markdown files under `dir` ask for, and the problems met on the way. */
export async function collectRedirects(dir: string): Promise<{ redirects: Redirect[]; problems: string[] }> {
  const root = path.resolve(dir);
  const redirects: Redirect[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  // Every post's own address here: an old address may not take another post's (nor this one's own).
  const addresses = new Map<string, string>();
  const docs: Array<{ abs: string; rel: string; doc: ReturnType<typeof prepareDocument> }> = [];
  for (const abs of await markdownFiles(root)) {
    const rel = path.relative(process.cwd(), abs).split(path.sep).join('/');
    try {
      const doc = prepareDocument(abs, (await readConfined(abs, { root, label: rel })).toString('utf8'));
      docs.push({ abs, rel, doc });
      addresses.set(`/${slugOf(doc)}/`, rel);
    } catch (e) {
      if (!SkippedFileError.is(e)) { problems.push(`${rel}: ${errorMessage(e)}`); }
    }
  }
  for (const { abs, rel, doc } of docs) {
    if (!doc.meta.redirectFrom?.length) { continue; }
    const to = `/${slugOf(doc)}/`;
    for (const alias of doc.meta.redirectFrom) {
      const from = sitePath(alias, abs);
      if (!from) { problems.push(`${rel}: ${alias} is not an address of the site: left out.`); continue; }
      if (from.replace(/\/+$/, '') === to.replace(/\/+$/, '')) { continue; }
      const reserved = reservedPath(from);
      if (reserved) { problems.push(`${rel}: ${from} is ${reserved}: an old address may not take it; left out.`); continue; }
      const owner = addresses.get(`${from.replace(/\/+$/, '')}/`);
      if (owner) { problems.push(`${rel}: ${from} is the address of ${owner === rel ? 'this post' : `${owner}'s post`}: left out.`); continue; }
      const other = seen.get(from);
      if (other && other !== rel) { problems.push(`${rel}: ${from} already redirects to the post of ${other}: left out.`); continue; }
      if (other) { continue; }
      seen.set(from, rel);
      redirects.push({ from, to, file: rel });
    }
  }
  return { redirects, problems };
}

const slugOf = (doc: ReturnType<typeof prepareDocument>) => (typeof doc.meta.fields.slug === 'string' && doc.meta.fields.slug ? slugify(doc.meta.fields.slug) : slugify(doc.title));

/** Addresses Ghost serves itself (its admin, feeds, members' and content routes, the home page): never an old address. */
function reservedPath(from: string): string | undefined {
  const p = from.toLowerCase();
  if (p === '/' || p === '') { return 'the site\'s home page'; }
  const first = p.split('/')[1] ?? '';
  const ghost = ['ghost', 'rss', 'content', 'members', 'p', 'email', 'r', 'unsubscribe', 'tag', 'tags', 'author', 'authors', 'page', 'assets', 'public', '.well-known', 'webmentions', 'sitemap.xml', 'robots.txt', 'favicon.ico', 'favicon.png'];
  if (ghost.includes(first) || /^sitemap.*\.xml$/.test(first)) { return `one of Ghost's own addresses (/${first}/…)`; }
  return undefined;
}

/** Ghost's redirects.yaml: `301:` then `pattern: /to/`, one a line. */
export function redirectsYaml(list: readonly Redirect[]): string {
  if (!list.length) { return '301: {}\n'; }
  return `301:\n${list.map((r) => `  ${JSON.stringify(redirectPattern(r.from))}: ${JSON.stringify(r.to)}`).join('\n')}\n`;
}

/** Ghost's redirects.json: `[{ "from", "to", "permanent": true }]`. */
export function redirectsJson(list: readonly Redirect[]): string {
  return `${JSON.stringify(list.map((r) => ({ from: redirectPattern(r.from), to: r.to, permanent: true })), null, 2)}\n`;
}

export async function redirects(args: string[], output: string | undefined, out: (s: string) => void): Promise<number> {
  if (args.length > 1) {
    process.stderr.write(`Name one folder (default: the current one).\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const dir = args[0] ?? '.';
  try {
    const { redirects: list, problems } = await collectRedirects(dir);
    for (const p of problems) { process.stderr.write(`warning: ${p}\n`); }
    const text = output && /\.json$/i.test(output) ? redirectsJson(list) : redirectsYaml(list);
    if (output) {
      await fs.mkdir(path.dirname(path.resolve(output)), { recursive: true });
      await writeFileAtomic(path.resolve(output), text);
      process.stderr.write(`${list.length} redirect${list.length === 1 ? '' : 's'} written to ${output}: upload it in Ghost Admin (Settings → Labs → Redirects).\n`);
    } else {
      out(text);
    }
    return EXIT.ok;
  } catch (e) {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return EXIT.error;
  }
}

/** One redirect as Ghost's JSON form has it. */
export interface GhostRedirect { from: string; to: string; permanent: boolean }

/** The site's redirects file (YAML `301:`/`302:` maps, or the older JSON list) as a list. */
export function readSiteRedirects(text: string): GhostRedirect[] {
  const v = readYaml(text);
  if (Array.isArray(v)) {
    return v.filter((r): r is { from: string; to: string; permanent?: boolean } => typeof r?.from === 'string' && typeof r?.to === 'string').map((r) => ({ from: r.from, to: r.to, permanent: !!r.permanent }));
  }
  const out: GhostRedirect[] = [];
  for (const [code, map] of Object.entries((v ?? {}) as Record<string, unknown>)) {
    if (!map || typeof map !== 'object') { continue; }
    for (const [from, to] of Object.entries(map as Record<string, unknown>)) {
      if (typeof to === 'string') { out.push({ from, to, permanent: code === '301' }); }
    }
  }
  return out;
}

/**
 * The site's redirects with the files' added: every redirect the site has is kept; one of ours
 * whose old address the site already sends elsewhere is left out and reported, never replaced.
 */
/** The path a simple pattern of Ghost's redirects matches (`^/old/?$`, `/old/`, `/old`), to compare old addresses by; else the pattern. */
export function patternPath(from: string): string {
  const bare = from.replace(/^\^/, '').replace(/(\\?\/\?\$|\\?\/\?|\\?\/\$|\$|\\?\/)$/, '').replace(/\\([./-])/g, '$1');
  return /[()[\]*+?{}|^$]/.test(bare) ? from : `${bare.startsWith('/') ? '' : '/'}${bare}/`.toLowerCase();
}

export function mergeRedirects(site: readonly GhostRedirect[], ours: readonly Redirect[]): { merged: GhostRedirect[]; added: Redirect[]; present: Redirect[]; clashes: Array<{ ours: Redirect; theirs: GhostRedirect }> } {
  const byFrom = new Map(site.map((r) => [patternPath(r.from), r]));
  const added: Redirect[] = [];
  const present: Redirect[] = [];
  const clashes: Array<{ ours: Redirect; theirs: GhostRedirect }> = [];
  const merged = [...site];
  for (const r of ours) {
    const from = redirectPattern(r.from);
    const theirs = byFrom.get(patternPath(from));
    if (theirs && theirs.to === r.to) { present.push(r); continue; }
    if (theirs) { clashes.push({ ours: r, theirs }); continue; }
    merged.push({ from, to: r.to, permanent: true });
    byFrom.set(patternPath(from), { from, to: r.to, permanent: true });
    added.push(r);
  }
  return { merged, added, present, clashes };
}

/**
 * `redirects --upload`: the files' redirects added to the site's, after the writer agreed (a
 * terminal's answer or --yes). The site's own redirects are read first and all kept: Ghost
 * replaces the whole file on upload. An integration's key may not do it: Ghost lets staff only.
 */
export async function uploadRedirects({ positionals, values, env, out, connect }: CommandContext, ask: (q: string) => Promise<boolean>): Promise<number> {
  const args = positionals.slice(1);
  if (args.length > 1) { throw new UsageError('Name one folder (default: the current one).'); }
  const { redirects: ours, problems } = await collectRedirects(args[0] ?? '.');
  for (const p of problems) { process.stderr.write(`warning: ${p}\n`); }
  if (!ours.length) { out('No file lists an old address (aliases, redirect_from): nothing to upload.\n'); return EXIT.ok; }
  const c = await connect();
  // Ghost 6 refuses an integration with 403, Ghost 5 with 501 (not implemented for API keys).
  const forbidden = (e: unknown) => GhostApiError.is(e) && (e.status === 403 || e.status === 501)
    ? new GhostAuthorError(`${c.site.adminUrl} does not let this key read or change its redirects (${e.message}).`, 'Ghost lets staff users do it, not integrations: use an Administrator\'s staff access token, or write the file with `ghost-author redirects -o redirects.yaml` and upload it in Ghost Admin (Settings → Labs → Redirects).')
    : e;
  let site: GhostRedirect[];
  try {
    site = readSiteRedirects(await c.client.redirects());
  } catch (e) {
    throw forbidden(e);
  }
  const plan = mergeRedirects(site, ours);
  for (const x of plan.clashes) { process.stderr.write(`warning: ${x.ours.from} already redirects to ${x.theirs.to} on the site; ${x.ours.file} asks for ${x.ours.to}: left as the site has it.\n`); }
  if (!plan.added.length) {
    out(`The site already has ${plan.present.length === ours.length ? 'every one of these redirects' : 'these redirects or others for the same addresses'}: nothing to upload.\n`);
    return plan.clashes.length ? EXIT.conflict : EXIT.ok;
  }
  const lines = plan.added.map((r) => `  ${r.from} → ${r.to}   (${r.file})`).join('\n');
  const question = `${plan.added.length} redirect${plan.added.length === 1 ? '' : 's'} to add to the ${site.length} ${c.site.adminUrl} has:\n${lines}`;
  let agreed = false;
  if (values.yes) {
    process.stderr.write(`${question}\n`);
    agreed = true;
  } else if (process.stdin.isTTY && process.stderr.isTTY && !env.CI && !values['key-stdin']) {
    agreed = await ask(`${question}\nUpload? [y/N] `);
  } else {
    process.stderr.write(`${question}\nNot uploaded: the CLI cannot ask here, so uploading needs --yes.\n`);
    return EXIT.error;
  }
  if (!agreed) { process.stderr.write('Not uploaded.\n'); return EXIT.ok; }
  try {
    await c.client.uploadRedirects(JSON.stringify(plan.merged, null, 2));
  } catch (e) {
    throw forbidden(e);
  }
  out(`Uploaded: ${plan.added.length} redirect${plan.added.length === 1 ? '' : 's'} added, the site's ${site.length} kept.\n`);
  return plan.clashes.length ? EXIT.conflict : EXIT.ok;
}
