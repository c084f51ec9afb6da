/**
 * Publishing a post with five local images three times (first, unchanged, edited), through the
 * engine and the way existing tools do it with @tryghost/admin-api: upload every image, then
 * create, or read the post for its updated_at and edit it. Plus render throughput for 1 MB.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { lexicalToMarkdown } from '../src/core/content/fromLexical';
import { markdownToLexical } from '../src/core/content/lexical';
import { parseAdminKey } from '../src/core/ghost/adminKey';
import { GhostClient } from '../src/core/ghost/client';
import { parseSiteUrl } from '../src/core/ghost/siteUrl';
import { publishFile, type PublishContext } from '../src/core/publish/engine';
import { StateStore } from '../src/core/publish/state';
import { runCli } from '../test/support/cliRun';
import { solidPng } from '../test/support/ghost/seed';
import type { GhostServer } from '../test/support/ghost/server';
import { officialClient } from './official';

type Row = [string, string, string, string];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function publishBench(g: GhostServer): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-bench-'));
  try {
    const images = Array.from({ length: 5 }, (_, i) => `img${i}.png`);
    images.forEach((n, i) => fs.writeFileSync(path.join(dir, n), solidPng(400, 300, [i * 40, 100, 200 - i * 30])));
    const body = `${'A paragraph of the post. '.repeat(40)}\n\n${images.map((n) => `![Image](${n} "Caption ${n}")`).join('\n\n')}\n`;
    const file = path.join(dir, 'post.md');
    let text = `---\ntitle: Bench with images\ntags: [Bench]\n---\n${body}`;

    const client = GhostClient.withKey(parseSiteUrl(g.url), parseAdminKey(g.integrationKey), { userAgent: 'bench' });
    const ctx: PublishContext = { client, state: new StateStore(dir) };
    const official = officialClient(g.url, g.integrationKey);
    const md = new MarkdownIt({ html: true });
    let officialId = '';

    const step = async (label: string, edit: boolean) => {
      if (edit) { text = text.replace('A paragraph', 'An edited paragraph'); }
      const before = { ...client.http.stats };
      const out = await publishFile(file, text, ctx);
      if (out.kind === 'created') { text = out.newText; }
      const ours = { requests: client.http.stats.requests - before.requests, bytes: client.http.stats.bytesReceived + client.http.stats.bytesSent - before.bytesReceived - before.bytesSent, uploads: out.uploaded };

      const b2 = { ...official.stats };
      let uploads = 0;
      let html = md.render(text.replace(/^---[\s\S]*?---\n/, ''));
      for (const n of images) {
        const up = await official.api.images.upload({ file: path.join(dir, n), ref: n });
        html = html.split(`src="${n}"`).join(`src="${up.url}"`);
        uploads++;
      }
      if (!officialId) {
        officialId = String((await official.api.posts.add({ title: 'Bench with images (official)', html, tags: ['Bench'] }, { source: 'html' })).id);
      } else {
        const cur = await official.api.posts.read({ id: officialId });
        await official.api.posts.edit({ id: officialId, updated_at: cur.updated_at, html }, { source: 'html' });
      }
      const theirs = { requests: official.stats.requests - b2.requests, bytes: official.stats.bytesReceived + official.stats.bytesSent - b2.bytesReceived - b2.bytesSent, uploads };
      rows.push([`${label}: requests (image uploads)`, `${ours.requests} (${ours.uploads})`, `${theirs.requests} (${theirs.uploads})`, '']);
      rows.push([`${label}: bytes sent + received`, String(ours.bytes), String(theirs.bytes), '']);
    };
    await step('first publish, 5 images', false);
    await step('unchanged re-publish', false);
    await step('edited re-publish', true);

    // The same three pushes from the CLI (a CI job): requests counted from its own request log.
    const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-bench-cli-'));
    try {
      fs.writeFileSync(path.join(cliDir, 'cli.md'), '---\ntitle: Bench from the CLI\n---\nWords.\n');
      const count = async () => (await runCli(cliDir, { GHOST_URL: g.url, GHOST_ADMIN_API_KEY: g.integrationKey }, 'publish', 'cli.md')).requests;
      const first = await count();
      const unchanged = await count();
      fs.writeFileSync(path.join(cliDir, 'cli.md'), fs.readFileSync(path.join(cliDir, 'cli.md'), 'utf8').replace('Words.', 'Words, edited.'));
      const edited = await count();
      rows.push(['CLI publish: first, unchanged, edited (requests, connect included)', `${first}, ${unchanged}, ${edited}`, '', 'the CLI connects (3 requests) only when a file needs it, and then once a day: what it learns is kept']);
    } finally {
      fs.rmSync(cliDir, { recursive: true, force: true });
    }

    const big = `${Array.from({ length: 480 }, (_, i) => `## Section ${i}\n\n${'Some *text* with **bold**, `code` and a [link](https://example.com). '.repeat(30)}\n\n| a | b |\n|---|---|\n| ${i} | x |\n\n\`\`\`js\nconst n = ${i};\n\`\`\`\n`).join('\n')}`;
    const mb = Buffer.byteLength(big) / 1e6;
    const time = (fn: () => void) => median(Array.from({ length: 5 }, () => { const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e6; }));
    const ours = time(() => markdownToLexical(big));
    const plain = time(() => md.render(big));
    rows.push([`Markdown → payload, ${mb.toFixed(2)} MB (median of 5)`, `${(mb / (ours / 1000)).toFixed(1)} MB/s`, `${(mb / (plain / 1000)).toFixed(1)} MB/s`, `ours: Lexical written directly (${(ours / plain).toFixed(2)}× markdown-it's time); theirs: markdown-it HTML for Ghost to convert`]);
    const lexical = markdownToLexical(big).lexical;
    const pull = time(() => lexicalToMarkdown(lexical));
    rows.push([`Lexical → Markdown (pull), the same ${mb.toFixed(2)} MB (median of 5)`, `${(mb / (pull / 1000)).toFixed(1)} MB/s`, '', 'every node checked by reading its Markdown back']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
