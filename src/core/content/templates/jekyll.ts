/**
 * Jekyll's Liquid in a Markdown body, read as Jekyll would show it, before the Markdown is
 * converted. Read: `{{ site.… }}` (from `_config.yml`) and `{{ page.… }}` (the front matter),
 * with the `relative_url` and `absolute_url` filters; `{% raw %}` markers removed (what they
 * hold is not read); `{% highlight lang %}` as a fenced code block of that language; `{% include
 * %}` of a file in `_includes` holding no Liquid of its own (Markdown or HTML), and
 * `{% include_relative %}` alike; `{% link path %}` and `{% post_url name %}` as a relative link
 * to the Markdown file they name (for the link resolver to turn into the post's address);
 * `{% comment %}` removed. Anything else (loops, conditions, assignments, other filters and
 * variables) is left out of the post and reported with its line. Liquid in code spans and fenced
 * code is content and is left as written, but for the raw markers, which Jekyll removes there too.
 */
import * as path from 'node:path';
import { isInside } from '../../confine';
import { exists, listFiles, note, readProjectFile, relativeFromFile, type TemplateContext } from './context';
import { applyEdits, codeRanges, fenced, indentAt, ownLines, inRanges, lineAt, linkTarget, lookup, scalarText, unquote, type Edit, type TemplateNote, type TemplateReport } from './shared';

/** A tag or an object (use a copy: the `g` flag keeps state). */
const TOKEN = /\{%-?\s*([A-Za-z_]\w*)([\s\S]{0,2000}?)-?%\}|\{\{-?([\s\S]{0,2000}?)-?\}\}/g;

/** Block tags and their end tags: what they hold goes with them. */
const BLOCKS: Record<string, string> = {
  highlight: 'endhighlight', comment: 'endcomment', for: 'endfor', if: 'endif', unless: 'endunless',
  case: 'endcase', capture: 'endcapture', tablerow: 'endtablerow',
};

/** Files an include may bring in (Markdown or HTML). */
const INCLUDABLE = /\.(md|markdown|html?|txt)$/i;

/** Jekyll's `relative_url`: the site's baseurl before a site path; an address with a scheme is kept. */
function relativeUrl(input: string, config: Record<string, unknown>): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(input) || input.startsWith('//')) { return input; }
  const base = (scalarText(config.baseurl) ?? '').replace(/\/+$/, '');
  const baseWithSlash = base && !base.startsWith('/') ? `/${base}` : base;
  return `${baseWithSlash}${input.startsWith('/') ? '' : '/'}${input}`;
}

function absoluteUrl(input: string, config: Record<string, unknown>): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(input) || input.startsWith('//')) { return input; }
  return `${(scalarText(config.url) ?? '').replace(/\/+$/, '')}${relativeUrl(input, config)}`;
}

/** Splits at `|` outside quotes. */
function pipeline(expr: string): string[] {
  return expr.match(/(?:"[^"]*"|'[^']*'|[^|"'])+/g)?.map((s) => s.trim()) ?? [];
}

/** A `{{ … }}` as Jekyll shows it, or why it is left out. */
function evaluate(expr: string, ctx: TemplateContext): { value: string } | { problem: string } {
  const [head = '', ...filters] = pipeline(expr);
  let value: string | undefined;
  if (/^("[^"]*"|'[^']*')$/.test(head)) {
    value = unquote(head);
  } else if (/^(site|page)(\.[A-Za-z_][\w-]*)+$/.test(head)) {
    const [root, ...rest] = head.split('.');
    const v = lookup(root === 'site' ? ctx.config : ctx.page, rest.join('.'));
    value = scalarText(v);
    if (value === undefined) {
      return { problem: v === undefined ? `${head} is not set (${root === 'site' ? '_config.yml' : 'the front matter'} has no such key)` : `${head} is a list or a table, not a text` };
    }
  } else {
    return { problem: `${head || 'it'} is not read (only site.… from _config.yml, page.… from the front matter and quoted text are)` };
  }
  for (const f of filters) {
    const name = /^[\w-]+/.exec(f)?.[0];
    if (name === 'relative_url') { value = relativeUrl(value, ctx.config); } else if (name === 'absolute_url') { value = absoluteUrl(value, ctx.config); } else {
      return { problem: `the ${name ?? f} filter is not read (relative_url and absolute_url are)` };
    }
  }
  return { value };
}

/** Where `{% post_url name %}` points: the post file of that name (a subfolder may be named). */
async function postFile(name: string, ctx: TemplateContext): Promise<string | undefined> {
  const wanted = name.replace(/^\/+/, '');
  for (const abs of await listFiles(path.join(ctx.siteRoot, '_posts'))) {
    const rel = path.relative(path.join(ctx.siteRoot, '_posts'), abs).split(path.sep).join('/');
    if (rel.replace(/\.[^./]+$/, '') === wanted || (!wanted.includes('/') && path.basename(rel).replace(/\.[^.]+$/, '') === wanted)) { return abs; }
  }
  return undefined;
}

/**
 * Where each block tag ends, by the offset of its start: the end tag that closes it, blocks of
 * the same kind opened inside counted (but in highlight and comment, whose content is not read).
 * One pass over the tags, so that a text of unclosed blocks costs no more than its length.
 */
function blockEnds(text: string): Map<number, { start: number; end: number }> {
  const out = new Map<number, { start: number; end: number }>();
  const open = new Map<string, number[]>();
  const re = new RegExp(TOKEN.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1];
    if (name === undefined) { continue; }
    if (BLOCKS[name]) {
      const stack = open.get(name) ?? [];
      if (!(stack.length && (name === 'highlight' || name === 'comment'))) { stack.push(m.index); }
      open.set(name, stack);
      continue;
    }
    const opener = /^end(\w+)$/.exec(name)?.[1];
    const start = opener && BLOCKS[opener] === name ? open.get(opener)?.pop() : undefined;
    if (start !== undefined) { out.set(start, { start: m.index, end: re.lastIndex }); }
  }
  return out;
}

/** The body with Jekyll's Liquid read. `bodyLine` is the file line the body starts on. */
export async function readJekyll(body: string, bodyLine: number, ctx: TemplateContext): Promise<TemplateReport> {
  const lineOf = lineAt(body);
  const where = (offset: number) => bodyLine + lineOf(offset) - 1;
  const edits: Edit[] = [];
  const read: TemplateNote[] = [];
  const leftOut: TemplateNote[] = [];
  const readAt = (offset: number, construct: string) => read.push(note(ctx, ctx.file, where(offset), construct));
  const leaveOut = (offset: number, construct: string, why: string) => leftOut.push(note(ctx, ctx.file, where(offset), construct, why));

  // 1. Raw regions, everywhere (code included, as Jekyll reads Liquid before the Markdown).
  const raw: Array<[number, number]> = [];
  const token = new RegExp(TOKEN.source, 'g');
  for (let m = token.exec(body); m; m = token.exec(body)) {
    if (m[1] !== 'raw') { continue; }
    const endRe = /\{%-?\s*endraw\s*-?%\}/g;
    endRe.lastIndex = token.lastIndex;
    const end = endRe.exec(body);
    edits.push({ start: m.index, end: token.lastIndex, text: '' });
    if (end) {
      edits.push({ start: end.index, end: endRe.lastIndex, text: '' });
      raw.push([m.index, endRe.lastIndex]);
      readAt(m.index, '{% raw %}');
      token.lastIndex = endRe.lastIndex;
    } else {
      raw.push([m.index, body.length]);
      leaveOut(m.index, '{% raw %}', 'it is never closed by {% endraw %}: the marker is left out and what follows it is sent as written');
      break;
    }
  }

  // 2. Code, found with the raw regions masked (they hold no Markdown structure of their own here).
  let masked = body;
  for (const [s, e] of raw) { masked = masked.slice(0, s) + masked.slice(s, e).replace(/[^\n]/g, 'x') + masked.slice(e); }
  const code = codeRanges(masked);
  const closes = blockEnds(masked);

  // 3. Every other tag and object outside code.
  token.lastIndex = 0;
  for (let m = token.exec(masked); m; m = token.exec(masked)) {
    const start = m.index;
    const end = token.lastIndex;
    if (inRanges(code, start)) { continue; }
    if (m[3] !== undefined) {
      const expr = m[3].trim();
      const label = `{{ ${expr.length > 40 ? `${expr.slice(0, 37)}…` : expr} }}`;
      const r = evaluate(expr, ctx);
      if ('value' in r) {
        edits.push({ start, end, text: r.value });
        readAt(start, label);
      } else {
        edits.push({ start, end, text: '' });
        leaveOut(start, label, r.problem);
      }
      continue;
    }
    const name = m[1] as string;
    const args = (m[2] ?? '').trim();
    const endName = BLOCKS[name];
    if (endName) {
      const close = closes.get(start);
      if (!close) {
        edits.push({ start, end, text: '' });
        leaveOut(start, `{% ${name} %}`, `it is never closed by {% ${endName} %}: the tag is left out`);
        continue;
      }
      const blockEnd = close.end;
      if (name === 'highlight') {
        const lang = /^[\w+#.-]+/.exec(args)?.[0] ?? '';
        edits.push({ start, end: blockEnd, text: ownLines(body, start, blockEnd, fenced(body.slice(end, close.start), lang, '', indentAt(body, start))) });
        readAt(start, '{% highlight %}');
      } else if (name === 'comment') {
        edits.push({ start, end: blockEnd, text: '' });
        readAt(start, '{% comment %}');
      } else {
        edits.push({ start, end: blockEnd, text: '' });
        leaveOut(start, `{% ${name} %}`, `Liquid's ${name} is not run: the block (to {% ${endName} %}) is left out`);
      }
      token.lastIndex = blockEnd;
      continue;
    }
    const r = await tag(name, args, ctx);
    edits.push({ start, end, text: 'value' in r ? r.value : '' });
    if ('value' in r) { readAt(start, `{% ${name} %}`); } else { leaveOut(start, `{% ${name} %}`, r.problem); }
  }
  return { tool: 'jekyll', body: applyEdits(body, edits), read, leftOut };
}

/** A tag that is not a block: what it shows, or why it is left out. */
async function tag(name: string, args: string, ctx: TemplateContext): Promise<{ value: string } | { problem: string }> {
  const first = unquote(args.split(/\s+/)[0] ?? '');
  if (['include', 'include_relative', 'link', 'post_url'].includes(name) && (!first || /\{\{|\{%/.test(args.split(/\s+/)[0] ?? ''))) {
    return { problem: `its ${first ? 'argument is itself Liquid' : 'argument is missing'}, which is not read` };
  }
  switch (name) {
    case 'include':
    case 'include_relative': {
      const dir = name === 'include' ? path.join(ctx.siteRoot, scalarText(ctx.config.includes_dir) ?? '_includes') : path.dirname(ctx.file);
      const abs = path.resolve(dir, first);
      if (!isInside(dir, abs)) { return { problem: `${first} is outside ${name === 'include' ? 'the _includes folder' : 'the file\'s folder'}` }; }
      if (!INCLUDABLE.test(first)) { return { problem: `${first} is not a Markdown or HTML file` }; }
      const got = await readProjectFile(ctx, abs);
      if ('problem' in got) { return { problem: got.problem }; }
      if (/\{\{|\{%/.test(got.text)) { return { problem: `${first} holds Liquid of its own, which is not run` }; }
      return { value: got.text.replace(/\r?\n$/, '') };
    }
    case 'link': {
      const abs = path.resolve(ctx.siteRoot, first.replace(/^\/+/, ''));
      if (!isInside(ctx.projectRoot, abs) || !(await exists(ctx, abs))) { return { problem: `${first}: no such file in the site (a link tag names a file from the site's root)` }; }
      return { value: linkTarget(relativeFromFile(ctx, abs)) };
    }
    case 'post_url': {
      const abs = await postFile(first, ctx);
      if (!abs) { return { problem: `no post ${first} under _posts` }; }
      return { value: linkTarget(relativeFromFile(ctx, abs)) };
    }
    case 'endraw':
      return { problem: 'it closes no {% raw %}' };
    default:
      return { problem: `Liquid's ${name} tag is not run` };
  }
}
