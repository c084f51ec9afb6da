/**
 * Links between files: one resolver for every way a file names another (a path, angle brackets,
 * percent-encoding, a reference definition, a Jekyll or Hugo tag), used by every push. A
 * published target becomes its post's address; anything else is sent as its words, reported.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderHtml } from '../../src/core/content/render';
import { markdownToLexical } from '../../src/core/content/lexical';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { prepareWithLinks } from '../../src/core/publish/prepare';
import { StateStore } from '../../src/core/publish/state';
import type { PublishContext } from '../../src/core/publish/engine';

const SITE = 'https://blog.example/';
const link = (id: string) => `ghost_id: ${id}\nghost_site: ${SITE}\n`;

describe('links between files', () => {
  let root: string;
  const ctx = (published: Map<string, string>): PublishContext => ({
    client: GhostClient.withKey(parseSiteUrl(SITE), { id: 'a'.repeat(24), secret: 'b'.repeat(64) }, { userAgent: 't' }),
    state: new StateStore(root), published, offline: true,
  });
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  };

  beforeEach(async () => {
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ga-links-')));
    await fs.mkdir(path.join(root, '.ghost-author'));
    await write('posts/live.md', `---\ntitle: Live\n${link('a1'.repeat(12))}---\nHere.\n\n## The Second Part\n\n\`\`\`\n## not a heading\n\`\`\`\n`);
    await write('notes/my note.md', `---\ntitle: Spaced\n${link('b2'.repeat(12))}---\nHere.\n`);
    await write('posts/draft.md', `---\ntitle: Draft\n${link('c3'.repeat(12))}---\nNot yet.\n`);
    await write('posts/new.md', '---\ntitle: New\n---\nNever pushed.\n');
  });
  afterEach(async () => { await fs.rm(root, { recursive: true, force: true }); });

  const published = () => new Map([['a1'.repeat(12), `${SITE}live/`], ['b2'.repeat(12), `${SITE}spaced/`]]);

  it('a published file’s link becomes its post’s address, in every way of writing it', async () => {
    const text = [
      '---', 'title: Links', '---',
      'See [live](live.md), [a part](live.md#The%20Second%20Part), [spaced](<../notes/my note.md>),',
      '[encoded](../notes/my%20note.md), [from the root](/posts/live.md) and [by reference][r].',
      '',
      '[r]: ./live.md "Live"',
      '',
    ].join('\n');
    await write('posts/links.md', text);
    const doc = await prepareWithLinks(path.join(root, 'posts/links.md'), text, ctx(published()));
    const html = renderHtml(doc.body, { wiki: doc.wiki }).html;
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(hrefs, [`${SITE}live/`, `${SITE}live/#the-second-part`, `${SITE}spaced/`, `${SITE}spaced/`, `${SITE}live/`, `${SITE}live/`]);
    assert.deepEqual(doc.warnings.filter((w) => w.rule === 'link-target'), []);
    // The Lexical a push sends holds the same addresses.
    const lexical = markdownToLexical(doc.body, { wiki: doc.wiki }).lexical;
    assert.match(lexical, /"url":"https:\/\/blog\.example\/live\/#the-second-part"/);
    assert.doesNotMatch(lexical, /\.md/);
  });

  it('a draft, an unpushed file, a missing one and one outside the project: words only, each reported with its line', async () => {
    const text = [
      '---', 'title: Links', '---',
      'A [draft](draft.md) and a [new one](new.md).',
      '',
      'Gone: [missing](missing.md). Outside: [secret](../../outside.md).',
      '',
      'Left alone: [site](https://example.com/a.md), [part](#here), [image](pic.png).',
      '',
    ].join('\n');
    await write('posts/links.md', text);
    const doc = await prepareWithLinks(path.join(root, 'posts/links.md'), text, ctx(published()));
    const html = renderHtml(doc.body, { wiki: doc.wiki }).html;
    assert.match(html, /A draft and a new one\./);
    assert.match(html, /Gone: missing\. Outside: secret\./);
    assert.match(html, /<a href="https:\/\/example\.com\/a\.md">site<\/a>, <a href="#here">part<\/a>, <a href="pic\.png">image<\/a>/);
    const found = doc.warnings.filter((w) => w.rule === 'link-target').map((w) => `${w.line}: ${w.message}`);
    assert.equal(found.length, 4, found.join('\n'));
    assert.match(found[0] ?? '', /^4: draft\.md's post is not published/);
    assert.match(found[1] ?? '', /^4: new\.md is not on the site yet/);
    assert.match(found[2] ?? '', /^6: The link to missing\.md names no file/);
    assert.match(found[3] ?? '', /^6: The link to \.\.\/\.\.\/outside\.md leads outside the project/);
  });

  it('a part that names no heading of the target still leads to the post, and is reported', async () => {
    const text = '---\ntitle: Parts\n---\n[ok](live.md#the-second-part) [gone](live.md#no-such-part) [code](live.md#not-a-heading)\n';
    await write('posts/parts.md', text);
    const doc = await prepareWithLinks(path.join(root, 'posts/parts.md'), text, ctx(published()));
    assert.match(renderHtml(doc.body, { wiki: doc.wiki }).html, /href="https:\/\/blog\.example\/live\/#no-such-part">gone/);
    assert.deepEqual(doc.warnings.filter((w) => w.rule === 'link-target').map((w) => w.message), [
      'The link to live.md#no-such-part names no heading of that file: it leads to the top of the post.',
      'The link to live.md#not-a-heading names no heading of that file: it leads to the top of the post.',
    ]);
  });

  it('a heading\'s own id ({#custom}, as Hugo and Jekyll write it) is taken off its words, and a link to it leads to the heading as Ghost names it; a link to nowhere is its words', async () => {
    await write('posts/ids.md', `---\ntitle: Ids\n${link('b2'.repeat(12))}---\n## Custom Heading {#custom}\n\nHere.\n`);
    const pub = published().set('b2'.repeat(12), `${SITE}ids/`);
    const text = '---\ntitle: To ids\n---\nSee [it](ids.md#custom) and [nothing]().\n\n## Mine {#mine .wide}\n';
    await write('posts/to-ids.md', text);
    const doc = await prepareWithLinks(path.join(root, 'posts/to-ids.md'), text, ctx(pub));
    const html = renderHtml(doc.body, { wiki: doc.wiki }).html;
    assert.match(html, /<a href="https:\/\/blog\.example\/ids\/#custom-heading">it<\/a> and nothing\./);
    assert.match(html, /<h2>Mine<\/h2>/);
    assert.deepEqual(doc.warnings.filter((w) => w.rule === 'link-target'), []);
  });

  it('once the target is published, the same file sends the link', async () => {
    const text = '---\ntitle: Later\n---\nRead [the draft](draft.md) too.\n';
    await write('posts/later.md', text);
    const before = await prepareWithLinks(path.join(root, 'posts/later.md'), text, ctx(published()));
    assert.doesNotMatch(renderHtml(before.body, { wiki: before.wiki }).html, /href/);
    const now = published().set('c3'.repeat(12), `${SITE}draft/`);
    const after = await prepareWithLinks(path.join(root, 'posts/later.md'), text, ctx(now));
    assert.match(renderHtml(after.body, { wiki: after.wiki }).html, /<a href="https:\/\/blog\.example\/draft\/">the draft<\/a>/);
  });

  it('Jekyll’s post_url and link tags and Hugo’s ref and relref lead to the post as a path does', async () => {
    await write('jekyll/_config.yml', 'title: Site\n');
    await write('jekyll/_posts/2024-01-10-launch.md', `---\ntitle: Launch\n${link('a1'.repeat(12))}---\nHere.\n`);
    const jekyll = '---\ntitle: Next\n---\nAfter [the launch]({% post_url 2024-01-10-launch %}) and [again]({% link _posts/2024-01-10-launch.md %}).\n';
    await write('jekyll/_posts/2024-02-01-next.md', jekyll);
    const j = await prepareWithLinks(path.join(root, 'jekyll/_posts/2024-02-01-next.md'), jekyll, ctx(published()));
    assert.match(renderHtml(j.body, { wiki: j.wiki }).html, /<a href="https:\/\/blog\.example\/live\/">the launch<\/a> and <a href="https:\/\/blog\.example\/live\/">again<\/a>/);
    await write('hugo/hugo.toml', 'title = "Site"\n');
    await write('hugo/content/posts/first.md', `---\ntitle: First\n${link('b2'.repeat(12))}---\nHere.\n`);
    const hugo = '---\ntitle: Second\n---\nSee [first]({{< ref "first.md" >}}) and [its part]({{< relref "first.md#a-part" >}}).\n';
    await write('hugo/content/posts/second.md', hugo);
    const h = await prepareWithLinks(path.join(root, 'hugo/content/posts/second.md'), hugo, ctx(published()));
    assert.match(renderHtml(h.body, { wiki: h.wiki }).html, /<a href="https:\/\/blog\.example\/spaced\/">first<\/a> and <a href="https:\/\/blog\.example\/spaced\/#a-part">its part<\/a>/);
  });

  it('a link through a symbolic link is not followed', async () => {
    await fs.symlink(path.join(root, 'posts/live.md'), path.join(root, 'posts/alias.md'));
    const text = '---\ntitle: Alias\n---\n[x](alias.md)\n';
    await write('posts/alias-user.md', text);
    const doc = await prepareWithLinks(path.join(root, 'posts/alias-user.md'), text, ctx(published()));
    assert.doesNotMatch(renderHtml(doc.body, { wiki: doc.wiki }).html, /href/);
    assert.equal(doc.warnings.filter((w) => w.rule === 'link-target').length, 1);
  });
});
