/**
 * `ghost-author.yml` in a folder: defaults for the Markdown files under it (the nearest file's
 * keys win), and files that are not part of the site.
 *
 *   type: page            # post or page
 *   tags: [Notes]         # when a file names no tags
 *   authors: [me@example.com]
 *   render: lexical
 *   ignore: [drafts/**, "*.draft.md"]
 *   forbid: [codeinjection, status]   # front matter under it may not set these (a reviewed folder)
 *   templates: hugo      # jekyll, hugo or none: whose templates the files hold (found by itself otherwise)
 *   lint: { image-alt: off, heading-level: error }   # the check's rules turned off or given a severity
 *
 * `forbid` holds for the folder and every folder under it (a nested file cannot lift it):
 * `codeinjection` refuses codeinjection_head/foot, `status` refuses status and the date
 * (published_at and the keys read as it), so that only Ghost Admin publishes or schedules.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isInside, readConfined } from '../confine';
import { GhostAuthorError } from '../ghost/errors';
import { parseFrontMatter } from '../content/frontMatter';
import { readYaml, YamlError } from '../content/yaml';
import { TEMPLATE_SETTINGS, type TemplateSetting } from '../content/templates';
import { RULES as LINT_RULES } from './lintRules';

export const CONFIG_FILE = 'ghost-author.yml';

/** Front matter keys a folder may give its files. */
const DEFAULT_KEYS = ['type', 'tags', 'authors', 'render', 'visibility', 'featured'] as const;
/** Its other keys: files left out, whose templates the files hold. */
const OTHER_KEYS = ['ignore', 'forbid', 'templates', 'lint'];

export interface FolderDefaults {
  /** Front matter values a file gets when it does not set them itself. */
  values: Record<string, unknown>;
  /** Where each value came from, for messages. */
  from: Record<string, string>;
  /** Patterns (relative to the folder of the file that says them) of files left out of the site. */
  ignore: Array<{ base: string; pattern: RegExp }>;
  /** What front matter may not set under this folder, and the configuration that says so. */
  forbid?: Map<Forbiddable, string>;
  /** Whose templates the files hold (`templates:`), when a folder says it. */
  templates?: TemplateSetting;
  /** The check's rules turned off or given another severity (`lint:`), nearer folders winning. */
  lint?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
}

/** What a folder may forbid its files' front matter to set, and the keys each one covers. */
export const FORBIDDABLE = {
  codeinjection: ['codeinjection_head', 'codeinjection_foot'],
  // The status, the date that schedules, and the keys of other tools read as them (meta.ts).
  status: ['status', 'published_at', 'date', 'publishDate', 'pubDate', 'draft', 'published'],
} as const;
export type Forbiddable = keyof typeof FORBIDDABLE;

/** A glob (`*`, `**`, `?`) as a regular expression over `/`-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  // As in .gitignore: `./x` and `/x` are relative to the file's folder, `dir/` is that folder.
  const anchored = /^\.?\//.test(pattern);
  const glob = pattern.replace(/^\.?\//, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  // A pattern without a slash matches the name at any depth, as in .gitignore.
  return new RegExp(anchored || glob.includes('/') ? `^${re}(?:/.*)?$` : `(?:^|/)${re}(?:/.*)?$`);
}

async function readConfig(dir: string, root: string, cache?: Map<string, Promise<Record<string, unknown> | undefined>>): Promise<Record<string, unknown> | undefined> {
  if (cache) {
    let p = cache.get(dir);
    if (!p) { p = readConfig(dir, root); cache.set(dir, p); }
    return p;
  }
  const file = path.join(dir, CONFIG_FILE);
  // Under the confinement rule: a ghost-author.yml that is a link (or is reached through one) is
  // refused, naming it, rather than read from wherever it points.
  if (!(await fs.lstat(file).then(() => true, () => false))) { return undefined; }
  const top = isInside(root, dir) ? root : dir;
  const text = (await readConfined(file, { root: top, explicit: true, label: path.relative(root, file).split(path.sep).join('/'), rootName: `the project (${path.resolve(top)})` })).toString('utf8');
  try {
    const v = readYaml(text);
    if (v === null || v === undefined) { return {}; }
    if (typeof v !== 'object' || Array.isArray(v)) { throw new YamlError('it must be a list of keys ("type: page")', 1, 1, false); }
    const unknown = Object.keys(v).filter((k) => !OTHER_KEYS.includes(k) && !(DEFAULT_KEYS as readonly string[]).includes(k));
    if (unknown.length) { throw new YamlError(`${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among its keys (${[...DEFAULT_KEYS, ...OTHER_KEYS].join(', ')})`, 1, 1, false); }
    const forbid = (v as { forbid?: unknown }).forbid;
    const listed = forbid === undefined || forbid === null ? [] : Array.isArray(forbid) ? forbid : [forbid];
    const wrong = listed.filter((x) => typeof x !== 'string' || !(x in FORBIDDABLE));
    if (wrong.length) {
      const at = text.split('\n').findIndex((l) => /^forbid\s*:/.test(l)) + 1;
      throw new YamlError(`forbid takes ${Object.keys(FORBIDDABLE).join(' and ')}, not ${wrong.map((x) => JSON.stringify(x)).join(', ')}`, Math.max(1, at), 1, false);
    }
    const t = (v as Record<string, unknown>).templates;
    if (t !== undefined && !(TEMPLATE_SETTINGS as readonly unknown[]).includes(t)) { throw new YamlError(`templates is ${JSON.stringify(t)}: it must be one of ${TEMPLATE_SETTINGS.join(', ')}`, 1, 1, false); }
    const lint = (v as Record<string, unknown>).lint;
    if (lint !== undefined && lint !== null) {
      const at = Math.max(1, text.split('\n').findIndex((l) => /^lint\s*:/.test(l)) + 1);
      if (typeof lint !== 'object' || Array.isArray(lint)) { throw new YamlError('lint takes rule ids with off, info, warning or error (lint: { image-alt: off })', at, 1, false); }
      for (const [rule, level] of Object.entries(lint)) {
        if (!(rule in LINT_RULES)) { throw new YamlError(`lint names ${JSON.stringify(rule)}, which is no rule (${Object.keys(LINT_RULES).join(', ')})`, at, 1, false); }
        if (!['off', 'info', 'warning', 'error'].includes(String(level))) { throw new YamlError(`lint: ${rule} is ${JSON.stringify(level)}: it must be off, info, warning or error`, at, 1, false); }
      }
    }
    return v as Record<string, unknown>;
  } catch (e) {
    // An error at the very end (an unclosed bracket) is shown on the last line.
    const where = e instanceof YamlError ? `line ${Math.min(e.line, Math.max(1, text.replace(/\r?\n$/, '').split('\n').length))}: ` : '';
    const name = path.relative(root, file).split(path.sep).join('/');
    throw new GhostAuthorError(`${name}, ${where}${e instanceof Error ? e.message : String(e)}.`, 'Fix the folder configuration: it gives the files under its folder their defaults.');
  }
}

/** The defaults for a file: every `ghost-author.yml` from the project root down to the file's folder. */
export async function folderDefaults(file: string, root: string, cache?: Map<string, Promise<Record<string, unknown> | undefined>>): Promise<FolderDefaults> {
  const out: FolderDefaults = { values: {}, from: {}, ignore: [] };
  const top = path.resolve(root);
  const dirs: string[] = [];
  for (let d = path.dirname(path.resolve(file)); ; d = path.dirname(d)) {
    dirs.unshift(d);
    if (d === top || path.dirname(d) === d || !(d + path.sep).startsWith(top + path.sep)) { break; }
  }
  for (const d of dirs) {
    const cfg = await readConfig(d, top, cache);
    if (!cfg) { continue; }
    for (const k of DEFAULT_KEYS) {
      if (cfg[k] !== undefined) { out.values[k] = cfg[k]; out.from[k] = path.join(d, CONFIG_FILE); }
    }
    if (cfg.templates !== undefined) { out.templates = cfg.templates as TemplateSetting; }
    if (cfg.lint && typeof cfg.lint === 'object') { out.lint = { ...out.lint, ...(cfg.lint as Record<string, 'error' | 'warning' | 'info' | 'off'>) }; }
    const ignore = cfg.ignore === undefined ? [] : Array.isArray(cfg.ignore) ? cfg.ignore : [cfg.ignore];
    for (const g of ignore) { out.ignore.push({ base: d, pattern: globToRegExp(String(g)) }); }
    const forbid = cfg.forbid === undefined || cfg.forbid === null ? [] : Array.isArray(cfg.forbid) ? cfg.forbid : [cfg.forbid];
    for (const x of forbid as Forbiddable[]) {
      out.forbid ??= new Map();
      // The folder highest up that says it is named: a nested configuration cannot lift it.
      if (!out.forbid.has(x)) { out.forbid.set(x, path.join(d, CONFIG_FILE)); }
    }
  }
  return out;
}

/**
 * Refuses a file whose front matter sets what its folder forbids, naming the file, the line and the
 * configuration; nothing is sent for it. `text` is the file as read (its front matter first).
 */
export function checkForbidden(file: string, text: string, defaults: FolderDefaults, root: string): void {
  if (!defaults.forbid?.size) { return; }
  // The keys as the parser reads them (YAML, TOML or JSON; flow mappings, escapes, explicit keys,
  // tags and anchors all resolved), never as a line looks: what is checked is what would be sent.
  let parsed: ReturnType<typeof parseFrontMatter>;
  try { parsed = parseFrontMatter(text); } catch { return; /* refused with its line when the file is read */ }
  const opening = parsed.split.yamlLine > 1 ? parsed.split.yamlLine - 1 : 1;
  for (const name of Object.keys(parsed.data)) {
    for (const [what, config] of defaults.forbid) {
      if (!(FORBIDDABLE[what] as readonly string[]).includes(name)) { continue; }
      const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
      const line = parsed.positions.get(name)?.line ?? opening;
      throw new GhostAuthorError(`${rel(file)}, line ${line}: ${name} is forbidden in this folder (${rel(config)} says forbid: ${what}).`,
        what === 'codeinjection' ? 'Remove the key: code injection for this folder is set in Ghost Admin, where it is reviewed.' : 'Remove the key: this folder\'s posts are published and scheduled in Ghost Admin, not from front matter.');
    }
  }
}

/** Whether a file is left out of the site by a folder's `ignore`. */
export function ignored(file: string, defaults: FolderDefaults): boolean {
  return defaults.ignore.some((i) => i.pattern.test(path.relative(i.base, path.resolve(file)).split(path.sep).join('/')));
}
