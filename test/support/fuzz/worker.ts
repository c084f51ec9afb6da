/**
 * Runs one family of generated inputs through the code that meets them, in a worker thread so
 * that the test can stop it if a case hangs. Reports progress after every case.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareDocument } from '../../../src/core/content/document';
import { diagnoseFrontMatter } from '../../../src/core/content/frontMatterHelp';
import { htmlToMarkdown, postToMarkdown } from '../../../src/core/content/pull';
import { markdownToLexical } from '../../../src/core/content/lexical';
import { imageSources, markdownCardLexical, renderHtml, renderPreview, takeTitleHeading } from '../../../src/core/content/render';
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
  crashes: Array<{ index: number; error: string; input: string }>;
  unnamed: Array<{ index: number; message: string; input: string }>;
  unhandled: number; slowestMs: number; slowestIndex: number; inputBytes: number;
}

/** Throws (a crash) unless the input is accepted, or rejected by an error that says what is wrong. */
function check(family: Family, input: string): 'accepted' | { rejected: string; named: boolean } {
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
      try { prepareDocument('/notes/post.md', input); } catch (e) {
        return rejection(e, (x) => (FrontMatterError.is(x) && x.line >= 1) || DocumentError.is(x));
      }
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
      const r = check(job.family, input);
      if (r === 'accepted') { report.accepted++; } else {
        report.rejected++;
        if (!r.named) { report.unnamed.push({ index: i, message: r.rejected, input: input.slice(0, 300) }); }
      }
    } catch (e) {
      report.crashes.push({ index: i, error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e), input: input.slice(0, 300) });
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
