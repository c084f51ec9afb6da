/**
 * Which static-site tool a Markdown file was written for, told by the project around it, and the
 * conventions of that tool that say what Ghost's fields should be: Jekyll's dated file names in
 * `_posts` (date and slug), Hugo's slug from the file or its bundle's folder and its section
 * files (`_index.md`), and the folders a site-root path (`/img/x.png`) is served from.
 * Only the presence of files is looked at here, with one exception: Jekyll's `_config.yml`, read
 * for its `source` folder when the project root is known (never above it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readYaml } from './yaml';

export type SiteToolName = 'jekyll' | 'hugo';

export interface SiteTool {
  name: SiteToolName;
  /** The folder holding the tool's configuration. */
  root: string;
}

const HUGO_CONFIG = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];
const JEKYLL_CONFIG = ['_config.yml', '_config.yaml', '_config.toml'];

const cache = new Map<string, SiteTool | null>();

const isFile = (p: string) => { try { return fs.statSync(p).isFile(); } catch { return false; } };
const isDir = (p: string) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } };
const inside = (file: string, dir: string) => { const r = path.relative(dir, file); return !!r && !r.startsWith('..') && !path.isAbsolute(r); };

/**
 * The tool of the project `file` belongs to: Hugo where a folder holds a Hugo configuration
 * (`hugo.*`, `config.*`, there or in `config/_default/`) and the file is under its `content/`;
 * Jekyll where a folder holds `_config.yml` (a site of posts, or of pages only). Looked for from the file's folder
 * up to `root` when given, else up to a repository's top (`.git`).
 */
export function siteToolOf(file: string, root?: string): SiteTool | undefined {
  const key = `${file}\0${root ?? ''}`;
  const known = cache.get(key);
  if (known !== undefined) { return known ?? undefined; }
  let found: SiteTool | undefined;
  let dir = path.dirname(path.resolve(file));
  const top = root ? path.resolve(root) : undefined;
  for (let i = 0; i < 32; i++) {
    // Hugo's configuration beside content/, or in its config folder (config/_default/hugo.toml).
    const hugoConfig = HUGO_CONFIG.some((c) => isFile(path.join(dir, c)) || isFile(path.join(dir, 'config', '_default', c)));
    if (hugoConfig && isDir(path.join(dir, 'content')) && inside(file, path.join(dir, 'content'))) {
      found = { name: 'hugo', root: dir };
      break;
    }
    // Jekyll's configuration: a site of posts, or of pages only (a documentation site).
    if (JEKYLL_CONFIG.some((c) => isFile(path.join(dir, c)))) {
      found = { name: 'jekyll', root: dir };
      break;
    }
    const up = path.dirname(dir);
    if (up === dir || dir === top || (!top && fs.existsSync(path.join(dir, '.git')))) { break; }
    dir = up;
  }
  cache.set(key, found ?? null);
  return found;
}

/** Forgets what was found (tests, and a project whose layout changed). */
export function forgetSiteTools(): void { cache.clear(); }

/** Whether the file is in a Jekyll `_posts` folder (at any depth). */
export function inPosts(file: string): boolean {
  return path.resolve(file).split(path.sep).slice(0, -1).includes('_posts');
}

/** A slug as Ghost keeps them: lower case letters, digits and hyphens. */
export function slugify(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 191);
}

const POST_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)\.[^.]+$/;
const MARKDOWN_EXT = /\.(md|markdown|mdx?)$/i;

/** What the file's place says: Jekyll's dated name in `_posts`, Hugo's file or bundle name; a Hugo section. */
export interface FileConventions {
  tool?: SiteToolName;
  /** From the file name (`2019-03-08-my-post.md` in `_posts`): the day, read in the site's zone. */
  date?: string;
  slug?: string;
  /** Where the slug came from, for the report. */
  slugFrom?: string;
  /** A Hugo section page (`_index.md`): the list of a folder, not a post. */
  section?: boolean;
}

export function fileConventions(file: string): FileConventions {
  const base = path.basename(file);
  if (inPosts(file)) {
    const m = POST_NAME.exec(base);
    const tool = siteToolOf(file)?.name ?? 'jekyll';
    if (!m) { return { tool }; }
    const slug = slugify(m[2] ?? '');
    return { tool, date: m[1], ...(slug ? { slug, slugFrom: 'the file name' } : {}) };
  }
  const tool = siteToolOf(file);
  if (tool?.name !== 'hugo') { return tool ? { tool: tool.name } : {}; }
  if (/^_index\./i.test(base)) { return { tool: 'hugo', section: true }; }
  const name = /^index\./i.test(base) ? path.basename(path.dirname(file)) : base.replace(MARKDOWN_EXT, '');
  const slug = slugify(name);
  return { tool: 'hugo', ...(slug ? { slug, slugFrom: /^index\./i.test(base) ? 'the bundle\'s folder name' : 'the file name' } : {}) };
}

/**
 * The folders a site-root path (`/img/x.png`) may be served from, most likely first: Hugo's
 * `static/` and `assets/`, Astro's and others' `public/`, Jekyll's source folder (its
 * `_config.yml` `source`, else the folder of the configuration), then the project root. Only
 * folders inside `root` that exist.
 */
export function siteRoots(file: string, root: string): string[] {
  const top = path.resolve(root);
  const tool = siteToolOf(file, top);
  const out: string[] = [];
  const add = (d: string) => { const r = path.resolve(d); if ((r === top || inside(r, top)) && isDir(r) && !out.includes(r)) { out.push(r); } };
  const base = tool?.root ?? top;
  if (tool?.name === 'jekyll') { add(jekyllSource(tool.root, top)); }
  for (const d of ['static', 'public', 'assets']) { add(path.join(base, d)); }
  if (base !== top) { for (const d of ['static', 'public', 'assets']) { add(path.join(top, d)); } }
  add(base);
  add(top);
  return out;
}

/** Jekyll's source folder: `source` in `_config.yml` (relative to it), else the configuration's own folder. */
function jekyllSource(dir: string, top: string): string {
  const config = path.join(dir, '_config.yml');
  if (!inside(config, top) || !isFile(config)) { return dir; }
  try {
    const stat = fs.lstatSync(config);
    if (!stat.isFile() || stat.size > 1_000_000) { return dir; }
    const data = readYaml(fs.readFileSync(config, 'utf8')) as Record<string, unknown> | null;
    return data && typeof data.source === 'string' && data.source.trim() ? path.resolve(dir, data.source.trim()) : dir;
  } catch {
    return dir;
  }
}
