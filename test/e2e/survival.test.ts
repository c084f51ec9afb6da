/**
 * Which Markdown constructs survive in Ghost, per way of sending them, measured on real Ghost:
 * our HTML mode (fragile blocks as HTML cards), our Markdown-card mode, and plain markdown-it HTML
 * sent with ?source=html (what simpler tools do). The table is printed and written to
 * out/survival-<major>.md for the README; HTML mode must keep every construct.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { markdownCardLexical, renderHtml } from '../../src/core/content/render';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { MAJORS, server } from './servers';

const CASES: Array<[string, string, RegExp]> = [
  ['paragraph, bold, italic, link', 'Some **b** and *i* and [l](https://example.com).', /<strong>b<\/strong>[\s\S]*<em>i<\/em>[\s\S]*href="https:\/\/example.com"/],
  ['headings', '## Two\n\n### Three', /<h2[^>]*>Two<\/h2>[\s\S]*<h3[^>]*>Three<\/h3>/],
  ['nested list', '- a\n  - b', /<ul>[\s\S]*<ul>[\s\S]*b/],
  ['blockquote', '> quoted', /<blockquote>[\s\S]*quoted/],
  ['fenced code with language', '```python\nprint(1)\n```', /class="language-python"/],
  ['image with caption', '![Alt](https://example.com/a.png "Cap")', /<figcaption>[\s\S]*Cap[\s\S]*<\/figcaption>/],
  ['strikethrough', '~~gone~~', /<(s|del)>gone<\/(s|del)>/],
  ['table', '| h |\n|---|\n| c1 |', /<table>[\s\S]*<td[^>]*>c1<\/td>/],
  ['task list', '- [x] done\n- [ ] todo', /type="checkbox"[\s\S]*type="checkbox"/],
  ['footnote', 'Note[^1].\n\n[^1]: The footnote text.', /The footnote text[\s\S]*|href="#fn1?"/],
  ['==highlight==', 'a ==hi== b', /<mark>hi<\/mark>/],
  ['subscript', 'H~2~O', /H<sub>2<\/sub>O/],
  ['superscript', 'x^2^', /x<sup>2<\/sup>/],
  ['raw HTML block', '<details><summary>S</summary>Hidden</details>', /<details>[\s\S]*Hidden/],
  ['inline HTML', 'Press <kbd>Ctrl</kbd>.', /<kbd>Ctrl<\/kbd>/],
];

const plain = new MarkdownIt({ html: true, linkify: true });

for (const major of MAJORS) {
  describe(`which constructs survive on real Ghost ${major}`, function () {
    this.timeout(180_000);
    const results: Array<[string, boolean, boolean, boolean]> = [];

    after(() => {
      if (!results.length) { return; }
      const mark = (b: boolean) => (b ? 'kept' : '**lost**');
      const table = [
        `| construct | html mode | markdown mode | plain HTML (no cards) |`,
        `|---|---|---|---|`,
        ...results.map(([name, h, m, p]) => `| ${name} | ${mark(h)} | ${mark(m)} | ${mark(p)} |`),
      ].join('\n');
      const out = path.resolve(__dirname, `../../survival-${major}.md`);
      fs.writeFileSync(out, `Ghost ${server(major).version}\n\n${table}\n`);
      console.log(`\n${table}\n`);
    });

    it('keeps every construct in HTML mode and the source verbatim in Markdown mode', async () => {
      const c = GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).integrationKey), { userAgent: 'e2e' });
      const htmlOf = async (fields: Record<string, unknown>, source?: 'html') => {
        const p = await c.posts.create({ title: 'survival', ...fields }, { source });
        const read = await c.posts.read(p.id, { formats: ['html', 'lexical'] });
        await c.posts.delete(p.id);
        return read;
      };
      for (const [name, md, re] of CASES) {
        const ours = await htmlOf({ html: renderHtml(md).html }, 'html');
        const card = await htmlOf({ lexical: markdownCardLexical(md) });
        const naive = await htmlOf({ html: plain.render(md) }, 'html');
        results.push([name, re.test(ours.html ?? ''), re.test(card.html ?? ''), re.test(naive.html ?? '')]);
        assert.ok(card.lexical?.includes(JSON.stringify(md).slice(1, -1)), `${name}: the Markdown card did not keep the source`);
      }
      const lost = results.filter(([, h]) => !h).map(([n]) => n);
      assert.deepEqual(lost, [], `lost in HTML mode: ${lost.join(', ')}`);
    });
  });
}
