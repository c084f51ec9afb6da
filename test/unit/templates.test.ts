import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareDocument } from '../../src/core/content/document';
import { readTemplates, detectSite } from '../../src/core/content/templates';
import { codeRanges } from '../../src/core/content/templates/shared';
import { readToml, TomlReadError } from '../../src/core/content/toml';
import { buildPayload } from '../../src/core/publish/payload';
import { folderDefaults } from '../../src/core/publish/folderConfig';
import { EXIT } from '../../src/cli';
import { cliSession } from '../support/cliRun';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'templates');

/** Text of the Lexical outside code blocks and inline code, with link addresses and HTML cards. */
function shownOutsideCode(lexical: string): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') { return; }
    if (Array.isArray(n)) { n.forEach(walk); return; }
    const node = n as Record<string, unknown>;
    if (node.type === 'codeblock' || (/text$/.test(String(node.type)) && (Number(node.format) & 16))) { return; }
    if (typeof node.text === 'string') { out.push(node.text); }
    if (typeof node.url === 'string') { out.push(node.url); }
    if (typeof node.html === 'string') { out.push(node.html.replace(/<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>/g, '')); }
    if (typeof node.markdown === 'string') { out.push(node.markdown); }
    walk(node.children);
    walk(node.root);
  };
  walk(JSON.parse(lexical));
  return out.join('\n');
}

const TEMPLATE_SYNTAX = /\{\{|\{%|%\}|\}\}/;
/** The fixtures' lines that show template syntax on purpose (raw, Hugo's comment form). */
const onPurpose = (s: string) => s.replace(/^(Shown as written|Written):.*$/gm, '');

describe('templates: Jekyll and Hugo read before conversion', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-tpl-'));
    await fs.cp(FIXTURES, dir, { recursive: true });
  });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  const jekyllPost = () => path.join(dir, 'jekyll', '_posts', '2024-02-03-first-steps.md');
  const hugoPost = () => path.join(dir, 'hugo', 'content', 'posts', 'walk', 'index.md');
  const read = async (file: string, root: string) => {
    const text = await fs.readFile(file, 'utf8');
    const report = await readTemplates(file, text, root);
    assert.ok(report, 'the templates are read');
    return { text, report };
  };

  it('sites laid out otherwise are read too (a review found them sent raw): Hugo configured in config/_default, Jekyll of pages only, and a content folder with no tool around it', async () => {
    const { forgetSiteTools } = await import('../../src/core/content/siteTool.js');
    forgetSiteTools();
    const site = path.join(dir, 'other');
    const put = async (rel: string, text: string) => { await fs.mkdir(path.dirname(path.join(site, rel)), { recursive: true }); await fs.writeFile(path.join(site, rel), text); };
    await put('hugo/config/_default/hugo.toml', 'title = "S"\n[params]\n  tag = "v1"\n');
    await put('hugo/content/posts/sc.md', '---\ntitle: SC\n---\nV {{< param tag >}} and {{< youtube w7Ft2ymGmfc >}} and {{% note %}}Hidden{{% /note %}}\n');
    await put('pages/_config.yml', 'baseurl: /docs\n');
    await put('pages/docs/install.md', '---\ntitle: Install\n---\nSee [{{ site.baseurl }}]({% link docs/install.md %}).\n');
    await put('loose/content/x.md', '---\ntitle: X\n---\nA {{< unknown-thing >}} and {{< youtube w7Ft2ymGmfc >}}.\n');
    for (const [rel, tool] of [['hugo/content/posts/sc.md', 'hugo'], ['pages/docs/install.md', 'jekyll'], ['loose/content/x.md', 'hugo']] as const) {
      const file = path.join(site, rel);
      const report = await readTemplates(file, await fs.readFile(file, 'utf8'), site);
      assert.equal(report?.tool, tool, rel);
      assert.doesNotMatch(report?.body ?? '', /\{\{|\{%/, `${rel}: ${report?.body}`);
    }
    const hugo = await readTemplates(path.join(site, 'hugo/content/posts/sc.md'), await fs.readFile(path.join(site, 'hugo/content/posts/sc.md'), 'utf8'), site);
    assert.match(hugo?.body ?? '', /^V v1 and\s/);
    assert.deepEqual(hugo?.leftOut.map((n) => n.construct), ['{{% note %}}']);
  });

  describe('Jekyll', () => {
    it('reads site and page values, the URL filters, raw, highlight, include, link and post_url', async () => {
      const { report } = await read(jekyllPost(), path.join(dir, 'jekyll'));
      const b = report.body;
      assert.equal(report.tool, 'jekyll');
      assert.match(b, /^The code lives at https:\/\/code\.example\/pebble\/notes and we post as @pebblenotes\.$/m);
      assert.match(b, /\[the guide\]\(\/blog\/guide\/\) or \[the full address\]\(https:\/\/pebble\.example\/blog\/guide\/\)/);
      // link and post_url: relative links to the file they name, for the link resolver.
      assert.match(b, /\[the launch\]\(2024-01-10-launch\.md\) and \[the about page\]\(\.\.\/about\.md#team\)/);
      // What raw holds is shown as written, markers gone, in code too.
      assert.match(b, /^Shown as written: \{\{ site\.title \}\} and \{% include note\.md %\}$/m);
      assert.match(b, /^Inline: `\{\{ page\.title \}\}` is this page's title, First steps\.$/m);
      assert.doesNotMatch(b, /raw %\}/);
      assert.match(b, /```ruby\ndef greet\n {2}puts "hi"\nend\n```/);
      assert.match(b, /^> Plain words from an include\.$/m);
      // Code is content.
      assert.match(b, /In code the syntax stays: `\{\{ site\.title \}\}` and\n\n```liquid\n\{% if user %\}Hello \{\{ user\.name \}\}\{% endif %\}\n```/);
      assert.doesNotMatch(b, /A note to self|item/);
    });

    it('leaves out and reports with its line what it does not read', async () => {
      const { report } = await read(jekyllPost(), path.join(dir, 'jekyll'));
      assert.deepEqual(report.leftOut.map((n) => `${n.file}:${n.line} ${n.construct}`), [
        '_posts/2024-02-03-first-steps.md:24 {% include %}',
        '_posts/2024-02-03-first-steps.md:26 {% assign %}',
        '_posts/2024-02-03-first-steps.md:27 {% for %}',
        '_posts/2024-02-03-first-steps.md:37 {{ site.missing }}',
        '_posts/2024-02-03-first-steps.md:37 {{ site.title | upcase }}',
      ]);
      assert.match(report.leftOut[0]?.message ?? '', /liquid\.html holds Liquid of its own/);
    });

    it('a missing post_url or link target, and an include outside _includes, are left out and reported', async () => {
      const file = path.join(dir, 'jekyll', '_posts', '2024-03-01-more.md');
      await fs.writeFile(path.join(dir, 'secret.md'), 'outside words\n');
      await fs.writeFile(file, '---\ntitle: More\n---\n[a]({% post_url 1999-01-01-none %}) [b]({% link nowhere.md %})\n\n{% include ../../secret.md %}\n');
      const { report } = await read(file, path.join(dir, 'jekyll'));
      assert.deepEqual(report.leftOut.map((n) => `${n.line} ${n.construct}`), ['4 {% post_url %}', '4 {% link %}', '6 {% include %}']);
      assert.doesNotMatch(report.body, /outside words/);
      assert.match(report.leftOut[2]?.message ?? '', /outside the _includes folder/);
    });

    it('an include reached through a symbolic link is not read', async () => {
      await fs.writeFile(path.join(dir, 'elsewhere.md'), 'linked words\n');
      await fs.symlink(path.join(dir, 'elsewhere.md'), path.join(dir, 'jekyll', '_includes', 'linked.md'));
      const file = path.join(dir, 'jekyll', '_posts', '2024-03-02-link.md');
      await fs.writeFile(file, '---\ntitle: L\n---\n{% include linked.md %}\n');
      const { report } = await read(file, path.join(dir, 'jekyll'));
      assert.doesNotMatch(report.body, /linked words/);
      assert.match(report.leftOut[0]?.message ?? '', /symbolic link/);
    });
  });

  describe('Hugo', () => {
    it('reads params, figure, embeds, gist, highlight, code-toggle, include, ref/relref and bundle images', async () => {
      const { report } = await read(hugoPost(), path.join(dir, 'hugo'));
      const b = report.body;
      assert.equal(report.tool, 'hugo');
      assert.match(b, /^Mood: calm; editor Ada; release 2\.1\.$/m);
      assert.match(b, /^!\[The route\]\(map\.png "Where we went"\)$/m);
      assert.match(b, /^https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ$/m);
      assert.match(b, /^https:\/\/vimeo\.com\/123456$/m);
      assert.match(b, /^https:\/\/x\.com\/stonegarden\/status\/1234567890$/m);
      assert.match(b, /^https:\/\/gist\.github\.com\/stone\/abc123$/m);
      assert.match(b, /```go\npackage main\n```/);
      assert.match(b, /```toml caption="hugo\.toml"\ntitle = "x"\n```/);
      assert.match(b, /^Shared words with {2}inside\.$/m);
      assert.match(b, /\[the other walk\]\(\.\.\/other\.md\) and \[its map\]\(\.\.\/other\.md#map\)/);
      assert.match(b, /^\[!\[Small map\]\(map\.png\)\]\(https:\/\/maps\.example\)$/m);
      assert.doesNotMatch(b, /Hidden words/);
      // The comment form is shown as written; code is content.
      assert.match(b, /^Written: \{\{< figure src="x\.png" >\}\}$/m);
      assert.match(b, /^In code: `\{\{< youtube abc >\}\}`$/m);
      assert.match(b, /```go-html-template\n\{\{< figure src="a\.png" >\}\}\n```/);
    });

    it('reports what it leaves out, with the included file and the line it is included at', async () => {
      const { text, report } = await read(hugoPost(), path.join(dir, 'hugo'));
      assert.deepEqual(report.leftOut.map((n) => `${n.file}:${n.line}${n.postLine ? ` (at ${n.postLine})` : ''} ${n.construct}`), [
        'content/shared/note.md:4 (at 26) {{< unknown-thing >}}',
        'content/posts/walk/index.md:32 {{< details >}}',
        'content/posts/walk/index.md:36 {{< new-in >}}',
      ]);
      const doc = prepareDocument(hugoPost(), text, { templates: report });
      const lines = doc.warnings.map((w) => `${w.line}: ${w.message}`);
      assert.ok(lines.some((l) => /^26: \{\{< unknown-thing >\}\} \(in content\/shared\/note\.md, line 4, which this file includes\) is left out of the post/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /^32: \{\{< details >\}\} is left out of the post: .*what it holds \(to \{\{< \/details >\}\}\) goes with it.*readers never see it/.test(l)), lines.join('\n'));
      // The source (and its hash) stays the file's own.
      assert.match(doc.split.body, /\{\{< youtube dQw4w9WgXcQ >\}\}/);
      // The bundle images go to the upload path.
      assert.deepEqual([...new Set(doc.imageRefs)], ['map.png']);
    });

    it('a highlight in a list item stays in it: the closing fence is indented as the tag was', async () => {
      const file = path.join(dir, 'hugo', 'content', 'posts', 'list.md');
      await fs.writeFile(file, '---\ntitle: List\n---\n- Item:\n\n  {{< highlight yaml >}}\n  a: 1\n  {{< /highlight >}}\n- Next\n');
      const { report } = await read(file, path.join(dir, 'hugo'));
      assert.equal(report.body, '- Item:\n\n  ```yaml\n  a: 1\n  ```\n- Next\n');
    });

    it('an include that includes itself stops', async () => {
      await fs.writeFile(path.join(dir, 'hugo', 'content', 'shared', 'loop.md'), 'again {{% include "/shared/loop.md" %}}\n');
      const file = path.join(dir, 'hugo', 'content', 'posts', 'loop.md');
      await fs.writeFile(file, '---\ntitle: Loop\n---\n{{% include "/shared/loop.md" %}}\n');
      const { report } = await read(file, path.join(dir, 'hugo'));
      assert.equal(report.body, 'again again \n');
      assert.match(report.leftOut[0]?.message ?? '', /includes itself/);
    });
  });

  it('no template syntax reaches the Lexical outside code (and without reading, it would)', async () => {
    for (const [file, root] of [[jekyllPost(), 'jekyll'], [hugoPost(), 'hugo']] as const) {
      const { text, report } = await read(file, path.join(dir, root));
      const shown = onPurpose(shownOutsideCode(String(buildPayload(prepareDocument(file, text, { templates: report }), 'lexical', new Map()).fields.lexical)));
      assert.doesNotMatch(shown, TEMPLATE_SYNTAX, `${root}: ${shown.match(/.{0,40}(\{\{|\{%).{0,40}/)?.[0]}`);
      const raw = onPurpose(shownOutsideCode(String(buildPayload(prepareDocument(file, text), 'lexical', new Map()).fields.lexical)));
      assert.match(raw, TEMPLATE_SYNTAX);
    }
  });

  it('finds the tool from the folders, and ghost-author.yml says it instead', async () => {
    assert.equal((await detectSite(jekyllPost(), dir))?.tool, 'jekyll');
    assert.equal((await detectSite(hugoPost(), dir))?.tool, 'hugo');
    const loose = path.join(dir, 'loose.md');
    await fs.writeFile(loose, '---\ntitle: x\n---\n{{< youtube abc >}}\n');
    assert.equal(await detectSite(loose, dir), undefined);
    // No tool's project around it: its syntax says whose templates they are (never sent raw).
    assert.equal((await readTemplates(loose, await fs.readFile(loose, 'utf8'), dir))?.body, 'https://www.youtube.com/watch?v=abc\n');
    assert.equal((await readTemplates(loose, await fs.readFile(loose, 'utf8'), dir, 'hugo'))?.body, 'https://www.youtube.com/watch?v=abc\n');
    assert.equal(await readTemplates(hugoPost(), await fs.readFile(hugoPost(), 'utf8'), dir, 'none'), undefined);
    // A _posts folder alone is a Jekyll site.
    await fs.mkdir(path.join(dir, 'blog', '_posts'), { recursive: true });
    assert.deepEqual(await detectSite(path.join(dir, 'blog', '_posts', 'a.md'), dir), { tool: 'jekyll', root: path.join(dir, 'blog') });
  });

  it('a broken site configuration is an error naming its file and line', async () => {
    await fs.writeFile(path.join(dir, 'hugo', 'hugo.toml'), 'title = "x"\nparams = [\n');
    await assert.rejects(readTemplates(hugoPost(), await fs.readFile(hugoPost(), 'utf8'), dir), /hugo\/hugo\.toml, line \d+: .*Fix the site configuration|hugo\/hugo\.toml, line \d+/);
  });

  it('render: the CLI reads the templates, prints no template syntax outside code, and warns with file and line', async () => {
    const cwd = process.cwd();
    const cli = cliSession(() => ({}));
    try {
      await fs.mkdir(path.join(dir, 'hugo', '.ghost-author'));
      process.chdir(path.join(dir, 'hugo'));
      assert.equal(await cli.run('render', 'content/posts/walk/index.md'), EXIT.ok);
    } finally {
      process.chdir(cwd);
    }
    const out = JSON.parse(cli.stdout) as { lexical: string };
    assert.doesNotMatch(onPurpose(shownOutsideCode(out.lexical)), TEMPLATE_SYNTAX);
    assert.match(out.lexical, /"type":"embed"|youtube\.com\/watch\?v=dQw4w9WgXcQ/);
    assert.match(cli.stderr, /warning: content\/posts\/walk\/index\.md:32: \{\{< details >\}\} is left out of the post/);
  });

  it('status names what a push would leave out, with file and line; publish warns of it', async () => {
    const { FakeGhost, keyString } = await import('../support/fake/fakeGhost.js');
    const ghost = await new FakeGhost().start();
    const cwd = process.cwd();
    const cli = cliSession(() => ({ GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: keyString(ghost.adminKey) }));
    try {
      await fs.mkdir(path.join(dir, 'hugo', '.ghost-author'));
      process.chdir(path.join(dir, 'hugo'));
      assert.equal(await cli.run('status', 'content'), EXIT.ok);
      assert.match(cli.stdout, /Template syntax left out of the posts .*content\/posts\/walk\/index\.md:26 \(content\/shared\/note\.md:4\) \{\{< unknown-thing >\}\}, content\/posts\/walk\/index\.md:32 \{\{< details >\}\}/);
      assert.equal(await cli.run('publish', 'content/posts/walk/index.md'), EXIT.ok);
      assert.match(cli.stderr, /warning: content\/posts\/walk\/index\.md: line 36: \{\{< new-in >\}\} is left out of the post/);
      const sent = ghost.requests.filter((r) => r.method === 'POST' && /\/posts\//.test(r.path)).map((r) => JSON.stringify(r.body)).join('');
      assert.match(sent, /youtube\.com\/watch\?v=dQw4w9WgXcQ/);
      assert.doesNotMatch(sent, /unknown-thing|Hidden words|new-in/);
    } finally {
      process.chdir(cwd);
      await ghost.stop();
    }
  });

  it('ghost-author.yml templates: takes jekyll, hugo or none only', async () => {
    await fs.writeFile(path.join(dir, 'ghost-author.yml'), 'templates: hugo\n');
    assert.equal((await folderDefaults(hugoPost(), dir)).templates, 'hugo');
    await fs.writeFile(path.join(dir, 'ghost-author.yml'), 'templates: liquid\n');
    await assert.rejects(folderDefaults(hugoPost(), dir), /templates is "liquid": it must be one of jekyll, hugo, none/);
  });

  it('unclosed tags by the thousand are read in linear time', async () => {
    const cases: Array<[string, string]> = [
      [path.join(dir, 'jekyll', '_posts', '2024-05-05-many.md'), `${'{% for x in y %} {% if a %} {{ b '.repeat(8000)}\n`],
      [path.join(dir, 'hugo', 'content', 'posts', 'many.md'), `${'{{< note >}} {{< x '.repeat(8000)}\n`],
    ];
    for (const [file, body] of cases) {
      await fs.writeFile(file, `---\ntitle: Many\n---\n${body}`);
      const t0 = Date.now();
      const { report } = await read(file, dir);
      assert.ok(Date.now() - t0 < 3000, `${path.basename(file)} took ${Date.now() - t0} ms`);
      assert.ok(report.leftOut.length >= 8000);
    }
  });

  it('code ranges: fences (in lists too), spans, escaped backticks', () => {
    const t = 'a `x` b\n\n- item\n  ```\n  {{ y }}\n  ```\n\n\\`{{ z }}` c';
    const inCode = (s: string) => codeRanges(t).some(([a, b]) => t.indexOf(s) >= a && t.indexOf(s) < b);
    assert.ok(inCode('x'));
    assert.ok(inCode('{{ y }}'));
    assert.ok(!inCode('{{ z }}'));
  });

  it('readToml gives the line of a mistake', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(readToml('[a]\nb = 1\n[[c]]\nd = "e"\n'))), { a: { b: 1 }, c: [{ d: 'e' }] });
    assert.throws(() => readToml('a = 1\nb = = 2\n'), (e: unknown) => e instanceof TomlReadError && e.line === 2);
  });
});
