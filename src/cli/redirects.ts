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
import { EXIT, USAGE } from './shared';

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
  for (const abs of await markdownFiles(root)) {
    const rel = path.relative(process.cwd(), abs).split(path.sep).join('/');
    let doc;
    try {
      doc = prepareDocument(abs, (await readConfined(abs, { root, label: rel })).toString('utf8'));
    } catch (e) {
      if (!SkippedFileError.is(e)) { problems.push(`${rel}: ${errorMessage(e)}`); }
      continue;
    }
    if (!doc.meta.redirectFrom?.length) { continue; }
    const slug = typeof doc.meta.fields.slug === 'string' && doc.meta.fields.slug ? slugify(doc.meta.fields.slug) : slugify(doc.title);
    const to = `/${slug}/`;
    for (const alias of doc.meta.redirectFrom) {
      const from = sitePath(alias, abs);
      if (!from) { problems.push(`${rel}: ${alias} is not an address of the site: left out.`); continue; }
      if (from.replace(/\/+$/, '') === to.replace(/\/+$/, '')) { continue; }
      const other = seen.get(from);
      if (other && other !== rel) { problems.push(`${rel}: ${from} already redirects to the post of ${other}: left out.`); continue; }
      if (other) { continue; }
      seen.set(from, rel);
      redirects.push({ from, to, file: rel });
    }
  }
  return { redirects, problems };
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
