/**
 * The pre-flight check (`ghost-author lint`): what readers would get from each file, found from
 * the files alone (no request): links to other files that are missing, unpushed or not published
 * as far as this clone's records know; template syntax left out; images that are missing, of a
 * type Ghost refuses, or without alt text; front-matter fields over Ghost's limits, and over what
 * search engines and inboxes show; a skipped heading level; two files naming one post. Each
 * finding has a rule id, which a folder's `ghost-author.yml` can turn off or give a severity
 * (`lint: { image-alt: off, heading-level: error }`). It reads under the confinement rule and
 * writes nothing.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { prepareDocument, SkippedFileError } from '../content/document';
import { diagnoseFrontMatter } from '../content/frontMatterHelp';
import { parser } from '../content/render';
import { EMBED_PROVIDERS, PAYWALL } from '../content/cards';
import { readLink } from '../content/link';
import { readTemplates } from '../content/templates';
import { confine, readConfined } from '../confine';
import { isLive } from '../ghost/types';
import { folderDefaults, ignored } from './folderConfig';
import { markdownFiles } from './markdownFiles';
import { StateStore } from './state';
import { vaultResolver } from './vault';

import { RULES, type Severity } from './lintRules';

export { RULES, type Severity } from './lintRules';

export interface Finding { file: string; line: number; severity: Severity; rule: string; message: string }

/** Severity per rule as the folder's configuration sets it; `off` drops the rule. */
export type LintSettings = Record<string, Severity | 'off'>;

const IMAGE_TYPES = /\.(jpe?g|png|gif|svgz?|ico|webp)$/i;
/** What search engines show of a title and a description, and inboxes of a subject (advice, not Ghost's limits). */
const SHOWN = { title: 60, description: 155, subject: 80 };

/** The findings of one file's text (`rel`: its name from the project's root). */
export async function lintText(abs: string, rel: string, text: string, root: string, state: StateStore): Promise<Finding[]> {
  const found: Finding[] = [];
  // The folder's configuration, read once: its defaults, its templates setting, its rules' severities.
  const defaults = await folderDefaults(abs, root);
  const settings: LintSettings = defaults.lint ?? {};
  const add = (rule: string, line: number, message: string, severity?: Severity) => {
    const set = settings[rule];
    if (set === 'off') { return; }
    found.push({ file: rel, line: Math.max(1, line), rule, message, severity: set ?? severity ?? RULES[rule]?.severity ?? 'warning' });
  };
  // Each front-matter finding at its own severity: a refusal is an error, a key read in Ghost's terms a note.
  for (const d of diagnoseFrontMatter(text)) { add('front-matter', d.line, d.message, d.severity); }
  const templates = await readTemplates(abs, text, root, defaults.templates).catch(() => undefined);
  let doc;
  const body = templates ? `${text}\n${templates.body}` : text;
  const wiki = await vaultResolver(abs, root, body, async (ids) => publishedAsKnown(state, ids));
  const prepare = (t: string) => prepareDocument(abs, t, { wiki, templates, defaults: Object.keys(defaults.values).length ? defaults.values : undefined });
  try {
    try {
      doc = prepare(text);
    } catch (e) {
      // Fields Ghost would refuse are findings already: the body is still checked, its lines kept.
      const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
      if (!fm || !found.some((x) => x.rule === 'front-matter' && x.severity === 'error') || SkippedFileError.is(e)) { throw e; }
      const title = /^title:.*$/m.exec(fm[1] ?? '')?.[0] ?? '';
      doc = prepare(`---\n${title}${'\n'.repeat((fm[1] ?? '').split('\n').length - (title ? 0 : 1))}---\n${text.slice(fm[0].length)}`);
    }
  } catch (e) {
    // A file the site leaves out (a Hugo section's _index.md) is not checked.
    if (SkippedFileError.is(e)) { return []; }
    // Front matter that cannot be read is one finding already (with its line); anything else is said here.
    if (!found.some((x) => x.rule === 'front-matter')) { add('front-matter', 1, e instanceof Error ? e.message : String(e)); }
    return found;
  }
  for (const w of doc.warnings) {
    if (w.rule === 'link-target') { add('link-target', w.line, w.message); } else if (w.key === 'body' && templates) { add('template', w.line, w.message); }
  }
  const bodyLine = doc.split.bodyLine;
  // With the document's resolver: an Obsidian embed (![[sketch.png]]) is the file it names anywhere in the vault.
  const tokens = parser().parse(doc.body, { wiki: doc.wiki });
  let lastLevel = 0;
  for (const t of tokens) {
    const line = bodyLine + (t.map?.[0] ?? 0);
    if (t.type === 'heading_open') {
      const level = Number(t.tag.slice(1));
      if (lastLevel && level > lastLevel + 1) { add('heading-level', line, `A level-${level} heading follows a level-${lastLevel} one: a level is skipped (screen readers and the table of contents read the levels).`); }
      lastLevel = level;
    }
    for (const img of (t.children ?? []).filter((c) => c.type === 'image')) {
      const src = String(img.attrGet('src') ?? '');
      if (!img.children?.length && !img.content.trim()) { add('image-alt', line, `The image ${src} has no alternative text: readers who cannot see it get nothing. Write it between the brackets: ![what it shows](${src}).`); }
      await checkImage(src, abs, root, line, add);
    }
  }
  // Email: what subscribers get of a post a newsletter will carry.
  const emailed = !!doc.meta.newsletter || doc.meta.fields.email_only === true;
  if (emailed) {
    const lines = text.split(/\r?\n/);
    const lineOf = (needle: string) => Math.max(1, lines.findIndex((l) => l.includes(needle)) + 1);
    for (const url of doc.bookmarkUrls.filter((u) => EMBED_PROVIDERS.test(u))) {
      add('email', lineOf(url), `${url} is played on the web page only: an email cannot play an embed, so subscribers get a link or a picture in its place.`);
    }
    for (const ref of doc.imageRefs.filter((r) => /\.(mp4|webm|ogv|mov|m4v|mp3|wav|ogg|m4a)$/i.test(r))) {
      add('email', lineOf(ref), `${ref} is played on the web page only: an email cannot play video or audio, so subscribers get a link or a picture in its place.`);
    }
    // (Every subscriber is a member: a members-only post reaches them all whole.)
    const paid = ['paid', 'tiers'].includes(String(doc.meta.fields.visibility ?? ''));
    const segment = (doc.meta.emailSegment ?? 'all').replace(/\s/g, '');
    const toFree = segment === 'all' || /(^|,)status:free($|,)/.test(segment);
    if (paid && toFree && !doc.body.includes(PAYWALL)) {
      add('paywall', 1, `This post is for paying members and its email goes to ${segment === 'all' ? 'every subscriber' : segment}: free members on the list get its title and a button to upgrade, nothing more. Put ${PAYWALL} on its own line where the part everyone may read ends.`);
    }
  }
  for (const key of ['feature_image', 'og_image', 'twitter_image'] as const) {
    const v = doc.meta.fields[key];
    if (typeof v === 'string' && v) { await checkImage(v, abs, root, 1, add, key); }
  }
  const f = doc.meta.fields;
  const long = (key: string, max: number, what: string) => {
    const v = f[key];
    if (typeof v === 'string' && [...v].length > max) { add('search-length', 1, `${key} is ${[...v].length} characters; ${what} show about ${max}.`); }
  };
  if ([...doc.title].length > SHOWN.title && !f.meta_title) { add('search-length', 1, `The title is ${[...doc.title].length} characters; search engines show about ${SHOWN.title}. A shorter meta_title can say it for them.`); }
  long('meta_title', SHOWN.title, 'search engines');
  long('meta_description', SHOWN.description, 'search engines');
  long('og_description', SHOWN.description, 'link previews');
  long('email_subject', SHOWN.subject, 'inboxes');
  return found;
}

/** An image a file names, as a push would read it: inside the project, a plain file, a type Ghost takes. */
async function checkImage(src: string, abs: string, root: string, line: number, add: (rule: string, line: number, message: string) => void, key?: string): Promise<void> {
  if (!src || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) || src.startsWith('#')) { return; }
  const where = key ? `${key} names ${src}` : `The image ${src}`;
  const decoded = (() => { try { return decodeURI(src.split(/[?#]/)[0] ?? src); } catch { return src; } })();
  const file = decoded.startsWith('/') ? path.join(root, decoded) : path.resolve(path.dirname(abs), decoded);
  try {
    await confine(file, { root, label: src });
  } catch (e) {
    // A site-root path may live in a static folder: a push looks there (site conventions); not here.
    if (decoded.startsWith('/')) { return; }
    const why = e instanceof Error ? e.message : String(e);
    add('image', line, key ? `${key}: ${why}` : `The image ${why}`);
    return;
  }
  if (!IMAGE_TYPES.test(decoded) && !/\.(mp4|webm|ogv|mov|m4v|mp3|wav|ogg|m4a|pdf)$/i.test(decoded)) {
    add('image', line, `${where}: Ghost takes images of type JPEG, PNG, GIF, SVG, ICO and WebP only, and refuses this one.`);
  }
}

/** What this clone's records know of each post: its address when live; a post never recorded here is taken as live (nothing is asked). */
function publishedAsKnown(state: StateStore, ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) {
    const r = state.postById(id);
    if (!r || isLive(r.status)) { out.set(id, r?.url ?? `post ${id}`); }
  }
  return out;
}

/**
 * Lints files and folders (folders walked as status walks them, ignores honoured), in order;
 * adds the findings that need several files (two files naming one post).
 */
export async function lintPaths(targets: readonly string[], root: string): Promise<{ findings: Finding[]; files: number }> {
  const state = new StateStore(root);
  await state.load();
  const files: string[] = [];
  for (const t of targets) {
    const abs = path.resolve(t);
    const st = await fs.lstat(abs);
    if (st.isDirectory()) {
      await confine(abs, { root, folder: true, explicit: true });
      for (const f of await markdownFiles(abs)) {
        if (!ignored(f, await folderDefaults(f, root))) { files.push(f); }
      }
    } else {
      files.push(abs);
    }
  }
  const findings: Finding[] = [];
  const byPost = new Map<string, string[]>();
  for (const abs of [...new Set(files)]) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    const text = (await readConfined(abs, { root, explicit: true, label: rel })).toString('utf8');
    findings.push(...await lintText(abs, rel, text, root, state));
    const id = text.includes('ghost_id') ? readLink(text)?.id : undefined;
    if (id) { byPost.set(id, [...(byPost.get(id) ?? []), rel]); }
  }
  for (const [id, names] of byPost) {
    if (names.length < 2) { continue; }
    for (const name of names) {
      const settings: LintSettings = (await folderDefaults(path.join(root, name), root)).lint ?? {};
      if (settings['two-files'] === 'off') { continue; }
      findings.push({ file: name, line: 1, rule: 'two-files', severity: (settings['two-files'] as Severity | undefined) ?? 'error',
        message: `${names.filter((n) => n !== name).join(', ')} names the same post (${id}): one of them is a copy. Give the copy its own post (publish it with --as-new) or remove its ghost_id.` });
    }
  }
  return { findings, files: files.length };
}

/** One file as the editor holds it (its unsaved text), with its folder's settings; the folder-wide rules aside. */
export async function lintFile(abs: string, text: string, root: string, state: StateStore): Promise<Finding[]> {
  const rel = path.relative(root, abs).split(path.sep).join('/');
  await state.load();
  return lintText(abs, rel, text, root, state);
}

/** A finding as terminals and editors make clickable. */
export const findingLine = (f: Finding) => `${f.file}:${f.line}: ${f.severity} ${f.rule} ${f.message}`;

/** A finding as a GitHub Actions annotation (shown on the pull request's lines). */
export function annotation(f: Finding): string {
  const kind = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${kind} file=${prop(f.file)},line=${f.line},title=${prop(f.rule)}::${esc(f.message)}`;
}
