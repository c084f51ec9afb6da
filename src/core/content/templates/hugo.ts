/**
 * Hugo's shortcodes in a Markdown body, read as the card or Markdown they stand for, before the
 * Markdown is converted. Read: `figure` (an image with its caption, linked when it says `link`);
 * `youtube`, `vimeo`, `x`/`tweet`, `instagram` (the page's address alone on its line, which
 * becomes Ghost's embed card) and `gist` (its address: a bookmark card); `highlight` and
 * `code-toggle` (a fenced code block of the language, with the file as its caption); `include`
 * of a Markdown file (its shortcodes read in turn); `param` (the page's params, then the
 * site's); `ref`/`relref` (a relative link to the Markdown file they name, for the link resolver
 * to turn into the post's address); `img`/`image`/`imgproc` of a file of the page's bundle (an
 * image, uploaded as any local image). The comment form (a slash and a star just inside the
 * delimiters, and the reverse before they close) shows the shortcode as written, as Hugo does.
 * Any other shortcode (with what it holds, when it has a closing tag) is left out of the post
 * and reported with its line. Shortcodes in code spans and fenced code are
 * content and are left as written.
 */
import * as path from 'node:path';
import { isInside } from '../../confine';
import { exists, MAX_INCLUDE_DEPTH, note, readProjectFile, relativeFromFile, type TemplateContext } from './context';
import { aloneOnLine, applyEdits, codeRanges, fenced, indentAt, ownLines, inRanges, lineAt, linkTarget, lookup, scalarText, tagArgs, type Edit, type TemplateNote, type TemplateReport } from './shared';

/** A shortcode (use a copy: the `g` flag keeps state). */
const SHORTCODE = /\{\{<\s*(\/)?\s*([\w./-]+)([\s\S]{0,2000}?)(\/)?\s*>\}\}|\{\{%\s*(\/)?\s*([\w./-]+)([\s\S]{0,2000}?)(\/)?\s*%\}\}/g;
const COMMENTED = /\{\{([<%])\/\*([\s\S]{0,2000}?)\*\/([>%])\}\}/g;

/** Shortcodes that hold a body up to their closing tag. */
const PAIRED = new Set(['highlight', 'code-toggle']);
const BUNDLE_IMAGES = new Set(['img', 'image', 'imgproc']);

interface Parsed { closing: boolean; name: string; args: string; selfClosing: boolean }

function parse(m: RegExpExecArray): Parsed {
  const angle = m[2] !== undefined;
  return {
    closing: Boolean(angle ? m[1] : m[5]),
    name: (angle ? m[2] : m[6]) as string,
    args: ((angle ? m[3] : m[7]) ?? '').trim(),
    selfClosing: Boolean(angle ? m[4] : m[8]),
  };
}

/**
 * Where each shortcode's closing tag is, by the offset of its start (shortcodes of the same name
 * opened inside counted). One pass, so that a text of unclosed shortcodes costs no more than its length.
 */
function closingTags(text: string): Map<number, { start: number; end: number }> {
  const out = new Map<number, { start: number; end: number }>();
  const open = new Map<string, number[]>();
  const re = new RegExp(SHORTCODE.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const p = parse(m);
    if (p.selfClosing) { continue; }
    const stack = open.get(p.name) ?? [];
    open.set(p.name, stack);
    if (!p.closing) { stack.push(m.index); continue; }
    const start = stack.pop();
    if (start !== undefined) { out.set(start, { start: m.index, end: re.lastIndex }); }
  }
  return out;
}

/** Escapes what would end or change Markdown image words or a link title. */
const altText = (s: string) => s.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ');
const titleText = (s: string) => s.replace(/["\\]/g, '\\$&').replace(/\s+/g, ' ');

/** `text` as a block of its own where the shortcode stood alone on its line (blank lines around it). */
function asBlock(body: string, start: number, end: number, text: string): string {
  const lineStart = body.lastIndexOf('\n', start - 1);
  const prevStart = body.lastIndexOf('\n', lineStart - 1);
  const prev = lineStart < 0 ? '' : body.slice(prevStart + 1, lineStart);
  const lineEnd = body.indexOf('\n', end);
  const nextEnd = lineEnd < 0 ? -1 : body.indexOf('\n', lineEnd + 1);
  const next = lineEnd < 0 ? '' : body.slice(lineEnd + 1, nextEnd < 0 ? body.length : nextEnd);
  return `${/\S/.test(prev) ? '\n' : ''}${text}${/\S/.test(next) ? '\n' : ''}`;
}

/** The language a code-toggle body is written in: TOML, YAML or JSON. */
function configLanguage(code: string): string {
  const t = code.trim();
  if (/^[{[]/.test(t) && !/^\[[\w.'"-]+\]\s*$/m.test(t.split('\n')[0] ?? '')) { return 'json'; }
  if (/^\s*(\[\[?[^\]]+\]\]?|[\w."'-]+\s*=)/m.test(t)) { return 'toml'; }
  return 'yaml';
}

/** An address that is no file of the project (a scheme, a site-root path, a protocol-relative one). */
const notRelative = (p: string) => /^[a-z][a-z0-9+.-]*:|^\/|^\\/i.test(p);

/**
 * The body with Hugo's shortcodes read. `bodyLine` is the file line the body starts on; `source`
 * the file the body is from (the post's, or a file it includes), for reports and includes.
 */
export async function readHugo(body: string, bodyLine: number, ctx: TemplateContext, source = ctx.file, stack: string[] = []): Promise<TemplateReport> {
  const lineOf = lineAt(body);
  const where = (offset: number) => bodyLine + lineOf(offset) - 1;
  const edits: Edit[] = [];
  const read: TemplateNote[] = [];
  const leftOut: TemplateNote[] = [];
  const readAt = (offset: number, construct: string) => read.push(note(ctx, source, where(offset), construct));
  const leaveOut = (offset: number, construct: string, why: string) => leftOut.push(note(ctx, source, where(offset), construct, why));

  // 1. The comment form shows the shortcode as written, everywhere (code included), as in Hugo.
  const shown: Array<[number, number]> = [];
  for (const m of body.matchAll(COMMENTED)) {
    edits.push({ start: m.index, end: m.index + m[0].length, text: `{{${m[1]}${m[2]}${m[3]}}}` });
    shown.push([m.index, m.index + m[0].length]);
    readAt(m.index, '{{</* */>}}');
  }
  let masked = body;
  for (const [s, e] of shown) { masked = masked.slice(0, s) + masked.slice(s, e).replace(/[^\n]/g, 'x') + masked.slice(e); }
  const code = codeRanges(masked);
  const closes = closingTags(masked);

  // 2. Shortcodes outside code (a regular expression of this call's own: includes read in turn).
  const scan = new RegExp(SHORTCODE.source, 'g');
  for (let m = scan.exec(masked); m; m = scan.exec(masked)) {
    const start = m.index;
    const end = scan.lastIndex;
    if (inRanges(code, start)) { continue; }
    const sc = parse(m);
    const [open, shut] = m[2] !== undefined ? ['{{<', '>}}'] : ['{{%', '%}}'];
    const label = `${open} ${sc.closing ? '/' : ''}${sc.name} ${shut}`;
    if (sc.closing) {
      edits.push({ start, end, text: '' });
      leaveOut(start, label, 'it closes no shortcode opened before it');
      continue;
    }
    // Its closing tag, when it has one.
    const close = sc.selfClosing ? undefined : closes.get(start);
    if (PAIRED.has(sc.name)) {
      if (!close) {
        edits.push({ start, end, text: '' });
        leaveOut(start, label, `it is never closed by ${open} /${sc.name} ${shut}: the tag is left out`);
        continue;
      }
      const inner = body.slice(end, close.start);
      const args = tagArgs(sc.args);
      let text: string;
      const indent = indentAt(body, start);
      if (sc.name === 'highlight') {
        text = fenced(inner, args.positional[0] ?? args.named.lang ?? '', '', indent);
      } else {
        const lang = configLanguage(inner);
        const file = args.named.file;
        const caption = file ? (/\.\w+$/.test(file) ? file : `${file}.${lang}`) : '';
        text = fenced(inner, lang, caption ? `caption="${titleText(caption)}"` : '', indent);
      }
      edits.push({ start, end: close.end, text: ownLines(body, start, close.end, text) });
      readAt(start, label);
      scan.lastIndex = close.end;
      continue;
    }
    const r = await shortcode(sc, ctx, source, stack);
    if ('report' in r) {
      edits.push({ start, end, text: r.report.body });
      readAt(start, label);
      // What the included file holds shows where it is included.
      read.push(...r.report.read.map((n) => ({ ...n, postLine: where(start) })));
      leftOut.push(...r.report.leftOut.map((n) => ({ ...n, postLine: where(start) })));
    } else if ('value' in r) {
      const alone = aloneOnLine(body, start, end);
      const value = r.block ? (alone ? asBlock(body, start, end, r.block) : r.inline ?? r.value) : r.value;
      edits.push({ start, end, text: value });
      readAt(start, label);
    } else {
      const holds = close ? `; what it holds (to ${open} /${sc.name} ${shut}) goes with it` : '';
      edits.push({ start, end: close?.end ?? end, text: '' });
      leaveOut(start, label, `${r.problem}${holds}`);
      if (close) { scan.lastIndex = close.end; }
    }
  }
  return { tool: 'hugo', body: applyEdits(body, edits), read, leftOut };
}

type Result =
  | { value: string; /** What it is alone on its line (a card). */ block?: string; /** What it is within text. */ inline?: string }
  | { report: TemplateReport }
  | { problem: string };

/** An embed's address: alone on its line, Ghost's card; within text, a link. */
const embed = (url: string): Result => ({ value: url, block: url, inline: `<${url}>` });

async function shortcode(sc: Parsed, ctx: TemplateContext, source: string, stack: string[]): Promise<Result> {
  const { named, positional } = tagArgs(sc.args);
  const arg = (name: string, i: number) => named[name] ?? positional[i];
  const idOk = (v: string | undefined): v is string => v !== undefined && /^[\w-]+$/.test(v);
  switch (sc.name) {
    case 'figure': {
      const src = named.src;
      if (!src) { return { problem: 'the figure names no src' }; }
      const caption = [named.title, named.caption].filter((s) => s && s.trim()).join(' — ');
      let img = `![${altText(named.alt ?? '')}](${linkTarget(src)}${caption ? ` "${titleText(caption)}"` : ''})`;
      if (named.link) { img = `[${img}](${linkTarget(named.link)})`; }
      return { value: img, block: img };
    }
    case 'youtube': {
      const id = arg('id', 0);
      if (!idOk(id)) { return { problem: 'the video id is missing or not an id' }; }
      const start = named.start && /^\d+$/.test(named.start) ? `&t=${named.start}s` : '';
      return embed(`https://www.youtube.com/watch?v=${id}${start}`);
    }
    case 'vimeo': {
      const id = arg('id', 0);
      return /^\d+$/.test(id ?? '') ? embed(`https://vimeo.com/${id}`) : { problem: 'the video id is missing or not a number' };
    }
    case 'x':
    case 'tweet': {
      const id = named.id ?? (positional.length === 1 ? positional[0] : positional[1]);
      const user = named.user ?? (positional.length > 1 ? positional[0] : 'i');
      return /^\d+$/.test(id ?? '') && idOk(user) ? embed(`https://x.com/${user}/status/${id}`) : { problem: 'the post id (and user) are missing or not ids' };
    }
    case 'instagram': {
      const id = arg('id', 0);
      return idOk(id) ? embed(`https://www.instagram.com/p/${id}/`) : { problem: 'the post id is missing or not an id' };
    }
    case 'gist': {
      const user = arg('user', 0);
      const id = arg('id', 1);
      const file = arg('file', 2);
      if (!idOk(user) || !idOk(id)) { return { problem: 'the gist user and id are missing or not ids' }; }
      return embed(`https://gist.github.com/${user}/${id}${file ? `#file-${file.toLowerCase().replace(/[^\w-]+/g, '-')}` : ''}`);
    }
    case 'param': {
      const name = arg('name', 0);
      if (!name) { return { problem: 'it names no parameter' }; }
      const v = lookup(ctx.page.params, name, true) ?? lookup(ctx.page, name, true) ?? lookup(ctx.config.params, name, true);
      const text = scalarText(v);
      return text === undefined ? { problem: v === undefined ? `no parameter ${name} in the front matter or the site's params` : `the parameter ${name} is a list or a table, not a text` } : { value: text };
    }
    case 'ref':
    case 'relref': {
      const target = arg('path', 0);
      if (!target) { return { problem: 'it names no page' }; }
      const [p = '', anchor] = target.split('#');
      const abs = p ? await pageFile(p, ctx, source) : ctx.file;
      if (!abs) { return { problem: `no page ${p} in the content` }; }
      return { value: `${p ? linkTarget(relativeFromFile(ctx, abs)) : ''}${anchor ? `#${anchor}` : ''}` };
    }
    case 'include': {
      const p = arg('path', 0);
      if (!p) { return { problem: 'it names no file' }; }
      if (!/\.(md|markdown)$/i.test(p)) { return { problem: `${p} is not a Markdown file` }; }
      const abs = await firstExisting(candidates(p, ctx, source), ctx);
      if (!abs) { return { problem: `no file ${p} in the content` }; }
      if (stack.includes(abs) || stack.length >= MAX_INCLUDE_DEPTH) { return { problem: `${p} includes itself, or includes are nested deeper than ${MAX_INCLUDE_DEPTH}` }; }
      const got = await readProjectFile(ctx, abs);
      if ('problem' in got) { return { problem: got.problem }; }
      const split = ctx.bodyOf(got.text);
      const report = await readHugo(split.body.replace(/\s+$/, ''), split.bodyLine, ctx, abs, [...stack, source]);
      return { report };
    }
    default:
      if (BUNDLE_IMAGES.has(sc.name)) {
        const src = arg('src', 0);
        if (!src || notRelative(src)) { return { problem: `${src ?? 'its image'} is not a file of the page's bundle` }; }
        const abs = path.resolve(path.dirname(ctx.file), src);
        if (!(await exists(ctx, abs))) { return { problem: `${src} is not a file of the page's bundle` }; }
        const img = `![${altText(named.alt ?? named.title ?? '')}](${linkTarget(relativeFromFile(ctx, abs))}${named.caption ? ` "${titleText(named.caption)}"` : ''})`;
        return { value: img, block: img };
      }
      return { problem: `${sc.name} is not a shortcode Ghost Author reads (a site's own shortcode is not run)` };
  }
}

/**
 * Where a path in a shortcode may be: from the folder of the file it is in and each folder above
 * it within the content (a page's section), then from each content root; `/…` from the roots only.
 */
function candidates(p: string, ctx: TemplateContext, source: string): string[] {
  const rel = p.replace(/^\/+/, '');
  const bases: string[] = [];
  if (!p.startsWith('/')) {
    const root = ctx.contentRoots.find((r) => isInside(r, source));
    for (let d = path.dirname(source); root && isInside(root, d) && d !== root; d = path.dirname(d)) { bases.push(d); }
    if (!root) { bases.push(path.dirname(source)); }
  }
  return [...bases, ...ctx.contentRoots].map((b) => path.resolve(b, rel));
}

async function firstExisting(paths: string[], ctx: TemplateContext): Promise<string | undefined> {
  for (const p of paths) { if (await exists(ctx, p)) { return p; } }
  return undefined;
}

/** The Markdown file of a page named as `ref` names it: `x.md`, `x` (a file or a bundle), `/section/x`. */
async function pageFile(p: string, ctx: TemplateContext, source: string): Promise<string | undefined> {
  const forms = (abs: string) => /\.(md|markdown)$/i.test(abs) ? [abs] : [`${abs}.md`, path.join(abs, 'index.md'), path.join(abs, '_index.md'), abs];
  return firstExisting(candidates(p.replace(/\/+$/, '') || '/', ctx, source).flatMap(forms), ctx);
}
