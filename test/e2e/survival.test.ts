/**
 * The card table of the README, measured on real Ghost: each Markdown construct is pushed, read
 * back as Ghost's nodes, pulled into a fresh checkout, edited in another paragraph (the first) and pushed
 * again; it must come back as the same node. The table is printed and written to
 * survival-<major>.md (in the build output) for the README.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonNode } from '../../src/core/content/fromLexical';
import type { LexNode } from '../../src/core/content/lexical';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { publishFile, pullPost, type PublishContext } from '../../src/core/publish/engine';
import { StateStore } from '../../src/core/publish/state';
import { MAJORS, server } from './servers';

const BOOKMARK = JSON.stringify({ type: 'bookmark', version: 1, url: 'https://ghost.org/', metadata: { icon: '', title: 'Ghost', description: 'Publishing.', author: '', publisher: 'Ghost', thumbnail: '' }, caption: '' }, null, 2);

/** What is written, and the node Ghost holds for it. */
const CASES: Array<[string, string, string]> = [
  ['paragraph with **bold**, *italic*, ~~strike~~, `code`, [links](…)', 'Some **b**, *i*, ~~s~~, `c` and [l](https://example.com/).', 'paragraph'],
  ['==highlight==, H~2~O, x^2^, <u>underline</u>', 'A ==hi==, H~2~O, x^2^ and <u>u</u>.', 'paragraph'],
  ['heading', '## A heading', 'extended-heading'],
  ['quote', '> Quoted words.', 'extended-quote'],
  ['nested list', '- a\n  - b\n- c', 'list'],
  ['ordered list from 3', '3. three\n4. four', 'list'],
  ['fenced code with its language', '```python\nprint(1)\n```', 'codeblock'],
  ['fenced code with `caption="…"`', '```sh caption="Install it"\nnpm i\n```', 'codeblock'],
  ['image with caption, size and width', '![Alt](https://example.com/a.png "Caption"){width=600 height=400 .wide}', 'image'],
  ['images one a line (sizes known)', '![](https://example.com/a.png){width=10 height=20}\n![](https://example.com/b.png){width=30 height=40}', 'gallery'],
  ['`---`', '---', 'horizontalrule'],
  ['`[Join](https://…){.button}`', '[Join us](https://example.com/join){.button}', 'button'],
  ['GitHub alert `> [!NOTE]`', '> [!NOTE]\n> A note.', 'callout'],
  ['`> [!callout|🔥|pink]`', '> [!callout|🔥|pink]\n> Hot.', 'callout'],
  ['`<details><summary>`', '<details><summary>More</summary>\n\nHidden **words**.\n\n</details>', 'toggle'],
  ['`<!--members-only-->`', '<!--members-only-->', 'paywall'],
  ['footnote reference', 'A note[^1].\n\n[^1]: The note.', 'paragraph'],
  ['table', '| a | b |\n|---|---|\n| 1 | 2 |', 'html'],
  ['task list', '- [x] done\n- [ ] to do', 'html'],
  ['raw HTML', '<div class="box">Raw</div>', 'html'],
  ['HTML between Ghost\'s markers', '<!--kg-card-begin: html-->\n\n<p>Kept verbatim</p>\n\n<!--kg-card-end: html-->', 'html'],
  ['a card as a ```ghost-card JSON block', `\`\`\`ghost-card\n${BOOKMARK}\n\`\`\``, 'bookmark'],
  ['a web address alone on its line', 'https://example.invalid/page', 'bookmark'],
  ['`::: web-only` … `:::`', '::: web-only\n\nNot in the email.\n\n:::', 'html'],
  ['`::: email-only` … `:::`', '::: email-only\n\nOnly in the email.\n\n:::', 'html'],
];

const nodesOf = (lexical: unknown) => (JSON.parse(String(lexical)) as { root: { children: LexNode[] } }).root.children;
const FULL = { formats: ['html', 'lexical'], include: ['tags', 'authors'] };

for (const major of MAJORS) {
  describe(`the card table on real Ghost ${major}`, function () {
    this.timeout(300_000);
    const rows: string[] = [];
    let dir: string;
    before(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-survival${major}-`)); });
    after(async () => {
      await fs.rm(dir, { recursive: true, force: true });
      if (!rows.length) { return; }
      const table = ['| Markdown | Ghost node | kept after pull, edit, push |', '|---|---|---|', ...rows].join('\n');
      await fs.writeFile(path.resolve(__dirname, `../../survival-${major}.md`), `Ghost ${server(major).version}\n\n${table}\n`);
      console.log(`\n${table}\n`);
    });

    it('every construct becomes its Ghost node and is kept through pull → edit another paragraph → push', async () => {
      const client = GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).integrationKey), { userAgent: 'e2e' });
      const lost: string[] = [];
      for (const [i, [name, markdown, type]] of CASES.entries()) {
        const ctx: PublishContext = { client, state: new StateStore(path.join(dir, `a${i}`)) };
        await fs.mkdir(ctx.state.root, { recursive: true });
        const file = path.join(ctx.state.root, 'post.md');
        const text = `---\ntitle: Card ${i}\n---\nEdit me.\n\n${markdown}\n`;
        await fs.writeFile(file, text);
        const made = await publishFile(file, text, ctx);
        if (made.kind !== 'created') { throw new Error(`${name}: ${made.kind}`); }
        const before = nodesOf((await client.posts.read(made.post.id, FULL)).lexical);
        const target = before.slice(1);
        const native = target.length >= 1 && target[0]?.type === type;
        // Pulled into another checkout, edited in the last paragraph, pushed back.
        const other: PublishContext = { client, state: new StateStore(path.join(dir, `b${i}`)) };
        await fs.mkdir(other.state.root, { recursive: true });
        const pulledFile = path.join(other.state.root, 'pulled.md');
        const pulled = await pullPost(made.post.id, other, { file: pulledFile });
        const edited = pulled.text.replace('\nEdit me.\n', '\nEdit me, edited.\n');
        assert.notEqual(edited, pulled.text, `${name}: the pulled text lost the first paragraph:\n${pulled.text}`);
        await fs.writeFile(pulledFile, edited);
        const pushed = await publishFile(pulledFile, edited, other);
        assert.equal(pushed.kind, 'updated', name);
        const after = nodesOf((await client.posts.read(made.post.id, FULL)).lexical);
        const kept = after.length === before.length && target.every((n, k) => JSON.stringify(canonNode(n)) === JSON.stringify(canonNode(after[k + 1] as LexNode)))
          && /Edit me, edited\./.test(JSON.stringify(after[0]));
        rows.push(`| ${name} | ${target.map((n) => n.type).join(', ')} | ${kept ? 'kept' : '**lost**'} |`);
        if (!native || !kept) { lost.push(`${name} (${target.map((n) => n.type).join(', ')})`); }
      }
      assert.deepEqual(lost, []);
    });
  });
}
