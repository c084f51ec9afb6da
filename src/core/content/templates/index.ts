/**
 * Which tool a Markdown file was written for, and its templates read for it (jekyll.ts, hugo.ts).
 * The tool is the one siteTool.ts finds (a Hugo configuration with the file under `content/`;
 * Jekyll's `_config.yml` beside `_posts/`), or Jekyll for a file under a `_posts` folder with no
 * configuration. `templates: jekyll | hugo | none` in a `ghost-author.yml` says it instead
 * (none: read nothing).
 */
import * as path from 'node:path';
import { GhostAuthorError } from '../../ghost/errors';
import { parseFrontMatter, splitFrontMatter } from '../frontMatter';
import { inPosts, siteToolOf } from '../siteTool';
import { readToml, TomlReadError } from '../toml';
import { readYaml, YamlError } from '../yaml';
import { exists, projectPath, readProjectFile, type TemplateContext } from './context';
import type { TemplateNote, TemplateReport, TemplateTool } from './shared';

type Readers = typeof import('./templateReaders');
let readers: Readers | undefined;

/** The readers (templateReaders.ts), loaded on first use: most files hold no template syntax. */
function templateReaders(): Readers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  readers ??= require('./templateReaders') as Readers;
  return readers;
}

export type { TemplateNote, TemplateReport, TemplateTool } from './shared';

/** What `templates:` in ghost-author.yml may say. */
export const TEMPLATE_SETTINGS = ['jekyll', 'hugo', 'none'] as const;
export type TemplateSetting = typeof TEMPLATE_SETTINGS[number];

/** The configuration files of each tool, in the order the tool reads them. */
const CONFIG_FILES: Record<TemplateTool, string[]> = {
  jekyll: ['_config.yml', '_config.yaml', '_config.toml'],
  hugo: ['hugo', 'config', 'config/_default/hugo', 'config/_default/config'].flatMap((b) => ['toml', 'yaml', 'yml', 'json'].map((e) => `${b}.${e}`)),
};

interface Site { tool: TemplateTool; root: string; configFile?: string }

/** The tool a file was written for, the folder its site starts at, and its configuration file. */
export async function detectSite(file: string, projectRoot: string, setting?: TemplateSetting, bodyText = ''): Promise<Site | undefined> {
  if (setting === 'none') { return undefined; }
  const top = path.resolve(projectRoot);
  const found = siteToolOf(file, top);
  const posts = () => {
    const parts = path.resolve(file).split(path.sep);
    return parts.slice(0, parts.lastIndexOf('_posts')).join(path.sep) || top;
  };
  let site: Site | undefined;
  if (found && (!setting || setting === found.name)) {
    site = { tool: found.name, root: found.root };
  } else if (!found && inPosts(file) && setting !== 'hugo') {
    site = { tool: 'jekyll', root: posts() };
  } else if (setting) {
    site = { tool: setting, root: found?.root ?? top };
  } else if (!found) {
    // No tool's project around the file (a content folder copied alone): its syntax says whose
    // templates they are, so that they are read or left out and reported, never sent as they are.
    if (/\{\{[<%]/.test(bodyText)) { site = { tool: 'hugo', root: top }; } else if (/\{%|\{\{-?\s*(site|page|include|layout|jekyll)\./.test(bodyText)) { site = { tool: 'jekyll', root: top }; }
  }
  if (!site) { return undefined; }
  const probe: TemplateContext = { tool: site.tool, projectRoot: top, siteRoot: site.root, config: {}, contentRoots: [], file, page: {}, bodyOf: (t) => ({ body: t, bodyLine: 1 }) };
  for (const name of CONFIG_FILES[site.tool]) {
    if (await exists(probe, path.join(site.root, name))) { return { ...site, configFile: path.join(site.root, name) }; }
  }
  return site;
}

/** A site configuration (YAML, TOML or JSON) as a table; a mistake in it is an error naming its line. */
async function readConfig(abs: string, ctx: TemplateContext): Promise<Record<string, unknown>> {
  const got = await readProjectFile(ctx, abs);
  const name = projectPath(ctx, abs);
  if ('problem' in got) { throw new GhostAuthorError(got.problem, 'The site configuration is read for the values templates show.'); }
  try {
    const v = /\.toml$/i.test(abs) ? readToml(got.text) : /\.json$/i.test(abs) ? JSON.parse(got.text) as unknown : readYaml(got.text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
  } catch (e) {
    const line = e instanceof YamlError || e instanceof TomlReadError ? `line ${e.line}: ` : '';
    throw new GhostAuthorError(`${name}, ${line}${e instanceof Error ? e.message : String(e)}.`, 'Fix the site configuration: the values its templates show are read from it.');
  }
}

/** Hugo's content folders: where the configuration mounts content, else `contentDir` or `content`. */
function contentRoots(root: string, config: Record<string, unknown>): string[] {
  const mounts = (config.module as { mounts?: unknown } | undefined)?.mounts;
  const mounted = Array.isArray(mounts)
    ? mounts.filter((m): m is { source: string; target: string } => typeof m?.source === 'string' && m?.target === 'content').map((m) => path.resolve(root, m.source))
    : [];
  return mounted.length ? mounted : [path.resolve(root, typeof config.contentDir === 'string' ? config.contentDir : 'content')];
}

/**
 * The body of `text` with its templates read, or undefined when it has no template syntax or is
 * no Jekyll or Hugo file. A front matter that does not parse is left to the document's own checks.
 */
export async function readTemplates(file: string, text: string, projectRoot: string, setting?: TemplateSetting): Promise<TemplateReport | undefined> {
  if (!/\{\{|\{%/.test(text) || setting === 'none') { return undefined; }
  let parsed: ReturnType<typeof parseFrontMatter>;
  try { parsed = parseFrontMatter(text); } catch { return undefined; }
  const { split, data } = parsed;
  if (!/\{\{|\{%/.test(split.body)) { return undefined; }
  const site = await detectSite(file, projectRoot, setting, split.body);
  if (!site) { return undefined; }
  const ctx: TemplateContext = {
    tool: site.tool, projectRoot: path.resolve(projectRoot), siteRoot: site.root, config: {}, contentRoots: [], file: path.resolve(file), page: data,
    bodyOf: (t) => { const s = splitFrontMatter(t); return { body: s.body, bodyLine: s.bodyLine }; },
  };
  if (site.configFile) { ctx.config = await readConfig(site.configFile, ctx); }
  if (site.tool === 'hugo') {
    // config/_default/params.toml holds the site's params on its own.
    if (site.configFile && /config[\\/]_default[\\/]/.test(site.configFile)) {
      const params = path.join(path.dirname(site.configFile), 'params.toml');
      if (await exists(ctx, params)) { ctx.config = { ...ctx.config, params: { ...(ctx.config.params as object | undefined), ...await readConfig(params, ctx) } }; }
    }
    ctx.contentRoots = contentRoots(site.root, ctx.config);
    return templateReaders().readHugo(split.body, split.bodyLine, ctx);
  }
  return templateReaders().readJekyll(split.body, split.bodyLine, ctx);
}

/** A left-out construct as a warning line. */
export function leftOutMessage(n: TemplateNote): string {
  const inOther = n.postLine !== undefined ? ` (in ${n.file}, line ${n.line}, which this file includes)` : '';
  return `${n.construct}${inOther} is left out of the post: ${n.message ?? 'it is not read'}. It stays in the file; readers never see it.`;
}
