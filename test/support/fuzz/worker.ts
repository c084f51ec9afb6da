/**
 * Runs one family of generated inputs through the code that meets them, in a worker thread so
 * that the test can stop it if a case hangs. Reports progress after every case.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareDocument } from '../../../src/core/content/document';
import { diagnoseFrontMatter } from '../../../src/core/content/frontMatterHelp';
import { htmlToMarkdown, postToMarkdown } from '../../../src/core/content/pull';
import { markdownToLexical } from '../../../src/core/content/lexical';
import MarkdownIt from 'markdown-it';
import { createMarkdownIt, extendMarkdownIt, imageSources, markdownCardLexical, renderHtml, renderPreview, takeTitleHeading } from '../../../src/core/content/render';
import { parseAdminKey } from '../../../src/core/ghost/adminKey';
import { GhostAuthorError, InvalidInputError } from '../../../src/core/ghost/errors';
import { parseSiteUrl } from '../../../src/core/ghost/siteUrl';
import { FrontMatterError } from '../../../src/core/content/frontMatter';
import { DocumentError } from '../../../src/core/content/document';
import { buildPayload } from '../../../src/core/publish/payload';
import { frontMatterDoc, Gen, htmlDoc, keyInput, lexicalDoc, markdownDoc, urlInput } from './generate';
import { canonNode, lexicalToMarkdown } from '../../../src/core/content/fromLexical';
import type { LexNode } from '../../../src/core/content/lexical';

export type Family = 'frontMatter' | 'keys' | 'urls' | 'markdown' | 'lexical' | 'html' | 'canary';
export interface FuzzJob { family: Family; seed: number; count: number }
export interface FuzzReport {
  family: Family; seed: number; cases: number; accepted: number; rejected: number;
  /** `shrunk`: a Markdown case made as small as it goes (lines dropped) while it fails the same way. */
  crashes: Array<{ index: number; error: string; input: string; shrunk?: string; shrunkLength?: number }>;
  unnamed: Array<{ index: number; message: string; input: string }>;
  unhandled: number; slowestMs: number; slowestIndex: number; inputBytes: number;
}

/** Throws (a crash) unless the input is accepted, or rejected by an error that says what is wrong. */
function check(family: Family, input: string, beat: () => void = () => undefined): 'accepted' | { rejected: string; named: boolean } {
  const rejection = (e: unknown, named: (e: GhostAuthorError) => boolean) => {
    if (!GhostAuthorError.is(e)) { throw e; }
    return { rejected: e.message, named: e.message.length >= 10 && named(e) };
  };
  switch (family) {
    case 'frontMatter': {
      diagnoseFrontMatter(input);
      let doc;
      try { doc = prepareDocument('/notes/post.md', input); } catch (e) {
        return rejection(e, (x) => (FrontMatterError.is(x) && x.line >= 1) || (DocumentError.is(x) && x.issues.every((i) => i.line >= 1 && i.message.length >= 10) && /line \d+/.test(x.message)));
      }
      buildPayload(doc, 'html', new Map());
      buildPayload(doc, 'markdown', new Map());
      return 'accepted';
    }
    case 'keys':
      try { parseAdminKey(input); return 'accepted'; } catch (e) { return rejection(e, (x) => InvalidInputError.is(x) && x.field === 'key' && !!x.hint); }
    case 'urls':
      try { parseSiteUrl(input); return 'accepted'; } catch (e) { return rejection(e, (x) => InvalidInputError.is(x) && x.field === 'url' && !!x.hint); }
    case 'markdown': {
      renderHtml(input);
      renderPreview(input);
      markdownCardLexical(input);
      // Written as Lexical: always a document Ghost accepts (a root with children), which pulls
      // back into Markdown that writes the same document again.
      const lexical = markdownToLexical(input).lexical;
      if (!(JSON.parse(lexical) as { root?: { children?: unknown[] } }).root?.children?.length) {
        throw new TypeError('markdownToLexical wrote a document without children');
      }
      roundTrip(lexical);
      imageSources(input);
      takeTitleHeading(input);
      let doc;
      try { doc = prepareDocument('/notes/post.md', input); } catch (e) {
        return rejection(e, (x) => (FrontMatterError.is(x) && x.line >= 1) || DocumentError.is(x));
      }
      // The oracle parses the body twice more: a pathological case (13 KB of brackets takes seconds
      // a parse on a loaded machine) reports its progress between the two halves of its checks.
      beat();
      noWordsLost(doc.split.body, doc.title, doc.body === input ? lexical : markdownToLexical(doc.body).lexical);
      return 'accepted';
    }
    case 'lexical':
      roundTrip(input);
      return 'accepted';
    case 'canary': {
      // Proves the harness sees what it must: a crash, an unexplained rejection, a hang.
      const n = input.length;
      if (input === 'hang') { for (;;) { /* never returns */ } }
      if (n % 100 === 0) { throw new TypeError('canary crash'); }
      if (n % 100 === 1) { return rejection(new GhostAuthorError('?'), () => true); }
      void Promise.reject(new Error('canary unhandled')).then(() => undefined, undefined);
      return 'accepted';
    }
    case 'html':
      htmlToMarkdown(input);
      postToMarkdown({ id: 'a'.repeat(24), title: 'T', slug: 't', status: 'draft', updated_at: '2026-01-01T00:00:00.000Z', html: input } as never, { type: 'post', site: 'https://example.com/' });
      return 'accepted';
  }
}

/**
 * The oracle "no words lost": every word that markdown-it's HTML of a body shows a reader, and
 * every address its links lead to, is in the post that is sent (its title, then the text of its
 * Lexical document), in the same order.
 *
 * Words are runs of ASCII letters and digits, each looked for as a substring from where the last
 * one was found (so text nodes that join or split words differently cannot cause a false alarm).
 * Both sides' HTML (the rendering; HTML cards, callouts, toggles) is read by the same function,
 * in which a tag's extent is decided by its own characters only (`<[^<>]*>`): an HTML card holds
 * the very HTML the rendering has around it, so it gives at least the words the rendering gives.
 * The reader's view is the preview's: an alert's marker is not shown, and a card kept as JSON (a
 * ghost-card block) is a card, not words.
 */
function noWordsLost(markdown: string, title: string, lexical: string): void {
  const shown = readerText(markdown);
  const sent = `${title}\n${lexicalText(lexical)}`;
  let at = 0;
  for (const m of shown.matchAll(/[A-Za-z0-9]+/g)) {
    const found = sent.indexOf(m[0], at);
    if (found < 0) { throw new TypeError(`words lost: "${m[0]}" (shown at ${m.index ?? 0} of the rendering) is not in what is sent, in order`); }
    at = found + m[0].length;
  }
}

const publishing = createMarkdownIt();
const previewing = extendMarkdownIt(new MarkdownIt({ html: true, linkify: true, typographer: false }), { preview: true });

/** What markdown-it shows a reader of a body, as text (see noWordsLost). */
function readerText(markdown: string): string {
  const env = {};
  // The preview's parse (alert markers taken out), rendered as published (no preview-only words).
  const tokens = previewing.parse(markdown, env).filter((t) => !(t.type === 'fence' && t.info.trim() === 'ghost-card'));
  return htmlText(publishing.renderer.render(tokens, publishing.options, env));
}

/** HTML as a reader meets it: its text, and where each link leads (an href where its tag is). */
function htmlText(html: string): string {
  const href = (tag: string) => /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag)?.slice(1).find((v) => v !== undefined) ?? '';
  const noTags = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^<>]*>/g, (tag) => ` ${href(tag)} `);
  return noTags.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e] ?? '');
}

/** The text of a Lexical document as a reader meets it, in order: words, link addresses, cards' words. */
function lexicalText(lexical: string): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const decoded = (u: string) => { try { return decodeURI(u); } catch { return u; } };
  const node = (n: LexNode): string => {
    const kids = () => ((n.children as LexNode[] | undefined) ?? []).map(node).join('');
    switch (n.type) {
      case 'extended-text': case 'text': return str(n.text);
      case 'linebreak': return '\n';
      case 'link': return ` ${str(n.url)} ${kids()} `;
      case 'html': return `\n${htmlText(str(n.html))}\n`;
      case 'markdown': return `\n${htmlText(publishing.render(str(n.markdown)))}\n`;
      case 'codeblock': return `\n${str(n.code)} ${htmlText(str(n.caption))}\n`;
      case 'callout': return `\n${htmlText(str(n.calloutText))}\n`;
      case 'toggle': return `\n${htmlText(str(n.heading))} ${htmlText(str(n.content))}\n`;
      case 'image': return `\n${str(n.href)} ${htmlText(str(n.caption))} ${str(n.alt)}\n`;
      case 'bookmark': case 'embed': return `\n${str(n.url)} ${decoded(str(n.url))} ${str((n.metadata as { title?: unknown } | undefined)?.title)}\n`;
      case 'button': return `\n${str(n.buttonUrl)} ${str(n.buttonText)}\n`;
      case 'file': return `\n${str(n.src)} ${str(n.fileTitle)} ${htmlText(str(n.fileCaption))}\n`;
      case 'audio': return `\n${str(n.title)}\n`;
      case 'video': return `\n${htmlText(str(n.caption))}\n`;
      default: return `\n${kids()}\n`;
    }
  };
  return (JSON.parse(lexical) as { root: { children: LexNode[] } }).root.children.map(node).join('');
}

/** Lexical → Markdown → Lexical gives the same nodes (as they show); throws (a crash) if not. */
function roundTrip(lexical: string): void {
  const nodes = (JSON.parse(lexical) as { root: { children: LexNode[] } }).root.children;
  const pulled = lexicalToMarkdown(lexical);
  if (!pulled) { throw new TypeError('a Lexical document was not read'); }
  const back = (JSON.parse(markdownToLexical(pulled.markdown).lexical) as { root: { children: LexNode[] } }).root.children;
  // Ghost drops a trailing empty paragraph, and so does the pull.
  const trimmed = [...nodes];
  while (trimmed.length > 1 && trimmed[trimmed.length - 1]?.type === 'paragraph' && !(trimmed[trimmed.length - 1]?.children as unknown[] | undefined)?.length) { trimmed.pop(); }
  const a = JSON.stringify(trimmed.map(canonNode));
  const b = JSON.stringify(back.map(canonNode));
  if (a !== b) { throw new TypeError(`the round trip changed the document: ${pulled.markdown.slice(0, 200)}`); }
}

const GENERATORS: Record<Family, (g: Gen) => string> = {
  frontMatter: frontMatterDoc, keys: keyInput, urls: urlInput, markdown: (g) => markdownDoc(g), lexical: lexicalDoc, html: htmlDoc,
  canary: (() => { let i = 0; return () => { i++; return i === 250 ? 'hang' : 'x'.repeat(i); }; })(),
};

/** How many failing Markdown cases of a run are shrunk. */
const SHRUNK = 3;

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** What kind of failure an error is, without the words and places that vary from case to case. */
const failureKind = (error: string) => error.replace(/"[^"]*"|\d+/g, '').slice(0, 60);

/** The case fails as the original did (same kind of failure). */
function sameFailure(family: Family, input: string, error: string): boolean {
  try { check(family, input); return false; } catch (e) { return failureKind(describe(e)) === failureKind(error); }
}

/**
 * A failing case made smaller while it still fails: blocks (runs of lines), then single lines,
 * dropped one at a time, halving the run each round; at most `budget` tries.
 */
export function shrink(input: string, fails: (s: string) => boolean, budget = 600): string {
  let lines = input.split('\n');
  let run = Math.max(1, Math.floor(lines.length / 2));
  let tries = 0;
  for (;;) {
    let dropped = false;
    for (let at = 0; at < lines.length && tries < budget;) {
      const candidate = [...lines.slice(0, at), ...lines.slice(at + run)];
      tries++;
      if (fails(candidate.join('\n'))) { lines = candidate; dropped = true; } else { at += run; }
    }
    if (tries >= budget || (run === 1 && !dropped)) { break; }
    if (!dropped) { run = Math.max(1, Math.floor(run / 2)); }
  }
  return lines.join('\n');
}

function run(job: FuzzJob): FuzzReport {
  const report: FuzzReport = { family: job.family, seed: job.seed, cases: 0, accepted: 0, rejected: 0, crashes: [], unnamed: [], unhandled: 0, slowestMs: 0, slowestIndex: -1, inputBytes: 0 };
  process.on('unhandledRejection', () => { report.unhandled++; });
  const g = new Gen(job.seed);
  for (let i = 0; i < job.count; i++) {
    const input = GENERATORS[job.family](g);
    report.inputBytes += input.length;
    parentPort?.postMessage({ progress: i });
    const started = performance.now();
    try {
      const r = check(job.family, input, () => parentPort?.postMessage({ progress: i }));
      if (r === 'accepted') { report.accepted++; } else {
        report.rejected++;
        if (!r.named) { report.unnamed.push({ index: i, message: r.rejected, input: input.slice(0, 300) }); }
      }
    } catch (e) {
      const error = describe(e);
      const crash: FuzzReport['crashes'][number] = { index: i, error: error.slice(0, 300), input: input.slice(0, 300) };
      // The first few are shrunk (each shrink runs the case again up to 600 times).
      if (job.family === 'markdown' && report.crashes.filter((c) => c.shrunk !== undefined).length < SHRUNK) {
        const shrunk = shrink(input, (s) => { parentPort?.postMessage({ progress: i }); return sameFailure(job.family, s, error); });
        crash.shrunk = shrunk.slice(0, 2000);
        crash.shrunkLength = shrunk.length;
      }
      report.crashes.push(crash);
    }
    const ms = performance.now() - started;
    if (ms > report.slowestMs) { report.slowestMs = ms; report.slowestIndex = i; }
    report.cases++;
  }
  return report;
}

if (parentPort) {
  const report = run(workerData as FuzzJob);
  // Give pending promise rejections a turn to surface before reporting.
  setImmediate(() => parentPort?.postMessage({ report }));
}
