/**
 * Lexical → Markdown → Lexical: every node Ghost 5 and 6 know comes back, as Markdown where it has
 * a faithful form and as an exact ghost-card block where it has none.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonNode, escapeText, lexicalToMarkdown } from '../../src/core/content/fromLexical';
import { CardError, cardProblems, markdownToLexical, SOURCE_KEY, type LexNode } from '../../src/core/content/lexical';
import { postToMarkdown } from '../../src/core/content/pull';
import { prepareDocument } from '../../src/core/content/document';
import { imageSize } from '../../src/core/content/images';
import { solidPng } from '../support/ghost/seed';
import { imageSources } from '../../src/core/content/render';
import { headerOnlyMp4, silentWav } from '../support/mediaFiles';
import { mediaInfo, mediaMatches } from '../../src/core/content/media';
import { ONE_OF_EACH_TYPES, oneOfEachLexical } from '../support/oneOfEach';

const fixtures = path.resolve(__dirname, '../../../test/fixtures');
const children = (lexical: string) => (JSON.parse(lexical) as { root: { children: LexNode[] } }).root.children;
const doc = (nodes: LexNode[]) => JSON.stringify({ root: { children: nodes, direction: null, format: '', indent: 0, type: 'root', version: 1 } });
const text = (t: string, format = 0): LexNode => ({ type: 'extended-text', text: t, format, detail: 0, mode: 'normal', style: '', version: 1 });
const el = { direction: 'ltr', format: '', indent: 0, version: 1 };
const para = (...kids: LexNode[]): LexNode => ({ type: 'paragraph', children: kids, ...el });

/** Pulls and pushes back: the same nodes (as they show), and cards without Markdown exactly. */
function roundTrip(nodes: LexNode[]): { markdown: string; back: LexNode[]; exactTypes: string[] } {
  const pulled = lexicalToMarkdown(doc(nodes));
  assert.ok(pulled, 'not read as Lexical');
  const back = children(markdownToLexical(pulled.markdown).lexical);
  assert.equal(back.length, nodes.length, `node count:\n${pulled.markdown}`);
  nodes.forEach((n, i) => {
    assert.deepEqual(canonNode(back[i] as LexNode), canonNode(n), `node ${i} (${n.type}) changed:\n${pulled.markdown}`);
  });
  return { markdown: pulled.markdown, back, exactTypes: pulled.exactTypes };
}

describe('Lexical → Markdown → Lexical', () => {
  for (const major of [6, 5] as const) {
    it(`keeps all 16 nodes of the "one of each" post as Ghost ${major} converted it, cards without Markdown form byte for byte`, () => {
      const lexical = fs.readFileSync(oneOfEachLexical(major), 'utf8');
      const nodes = children(lexical);
      assert.equal(nodes.length, 16);
      const { markdown, back, exactTypes } = roundTrip(nodes);
      assert.deepEqual(back.map((n) => n.type), ONE_OF_EACH_TYPES);
      assert.deepEqual(exactTypes, ['gallery', 'bookmark', 'video', 'audio', 'file', 'product', 'header', 'signup']);
      nodes.forEach((n, i) => {
        if (exactTypes.includes(n.type)) { assert.equal(JSON.stringify(back[i]), JSON.stringify(n)); }
      });
      // What a writer reads: the image, callout, toggle, paywall and rule as Markdown.
      assert.match(markdown, /^!\[\]\(https:\/\/example\.com\/content\/images\/2026\/12\/harbour-wall\.png "The harbour wall at low tide"\)\{width=96 height=40\}\n\nThe tide was out when we set off along the wall\.\n/);
      assert.match(markdown, /\n<!--members-only-->\n/);
      assert.match(markdown, /\n> \[!callout\|🌊\|blue\]\n> Check the tide before you go out on the sand\.\n/);
      assert.match(markdown, /\n<details><summary>What to bring<\/summary>Boots, a flask and a coat that keeps the wind out\.<\/details>\n/);
      assert.match(markdown, /\n\[More walks\]\(https:\/\/example\.com\/walks\/\)\{\.button\}\n/);
      // Pulled twice, the same text: the Markdown is stable.
      const again = lexicalToMarkdown(markdownToLexical(markdown).lexical);
      assert.equal(again?.markdown, markdown);
    });
  }

  it('text formats as Markdown: bold, italic, strikethrough, underline, code, highlight, sub- and superscript, links, line breaks', () => {
    const { markdown } = roundTrip([
      para(text('plain '), text('bold', 1), text(' '), text('both', 3), text(' '), text('gone', 4), text(' '), text('under', 8), text(' '), text('x()', 16),
        text(' H'), text('2', 32), text('O x'), text('2', 64), text(' '), text('hi', 128), text(' end.')),
      para(text('a'), { type: 'linebreak', version: 1 }, text('b'), { type: 'link', url: 'https://example.com/a_(b)', rel: null, target: null, title: null, children: [text('link', 1)], ...el }),
    ]);
    assert.equal(markdown, 'plain **bold** ***both*** ~~gone~~ <u>under</u> `x()` H~2~O x^2^ ==hi== end.\n\na\\\nb[**link**](<https://example.com/a_(b)>)\n');
  });

  it('reads nodes whatever the order of their keys (Ghost\'s importer writes children first)', () => {
    // Found by the e2e tier: a heading from Ghost's HTML import was kept as JSON.
    const heading = { children: [{ detail: 0, format: 0, mode: 'normal', style: '', text: 'Part', type: 'extended-text', version: 1 }], direction: null, format: '', indent: 0, type: 'extended-heading', version: 1, tag: 'h2' } as LexNode;
    assert.equal(roundTrip([heading]).markdown, '## Part\n');
  });

  it('text that looks like Markdown stays text', () => {
    const hostile = ['*not* _emph_ **x** `c` [l](u) ![i](s) <div> &amp; ==m== ~s~ ^p^ | a | \\', '# not a heading', '> not a quote', '- not a list', '1. not a list', '---', '===',
      'see README.md and https://example.com or me@example.com', 'snake_case_name stays', '<!--members-only-->', '```', '[!NOTE]', '{width=1}'];
    const nodes = hostile.map((t) => para(text(t)));
    const { markdown } = roundTrip(nodes);
    assert.match(markdown, /snake_case_name stays/);
    assert.equal(escapeText('a < b & c'), 'a < b & c');
  });

  it('headings, quotes, nested and ordered lists, code, rules, paywall, images, callouts, toggles and HTML and Markdown cards', () => {
    const item = (...kids: LexNode[]): LexNode => ({ type: 'listitem', value: 1, children: kids, ...el });
    const list = (listType: string, items: LexNode[], start = 1): LexNode => ({ type: 'list', listType, start, tag: listType === 'number' ? 'ol' : 'ul', children: items, ...el });
    const { markdown } = roundTrip([
      { type: 'extended-heading', tag: 'h2', children: [text('Two # hashes')], ...el },
      { type: 'extended-quote', children: [text('quoted'), { type: 'linebreak', version: 1 }, { type: 'linebreak', version: 1 }, text('second')], ...el },
      list('bullet', [item(text('a')), item(list('bullet', [item(text('a.1'))])), item(text('b'))]),
      list('bullet', [item(text('another list'))]),
      list('number', [item(text('three')), item(text('four'))], 3),
      { type: 'codeblock', version: 1, code: 'const a = 1;\n```\nnested fence', language: 'js', caption: '' },
      { type: 'horizontalrule', version: 1 },
      { type: 'paywall', version: 1 },
      { type: 'image', version: 1, src: 'https://example.com/a b.png', width: 1200, height: 800, title: '', alt: 'An [alt]', caption: 'A “caption” &amp; more', cardWidth: 'wide', href: 'https://example.com/' },
      { type: 'callout', version: 1, calloutText: 'Use <strong>bold</strong> here.<br><br>Second.', calloutEmoji: '💡', backgroundColor: 'green' },
      { type: 'callout', version: 1, calloutText: '<span style="white-space: pre-wrap;">Hot</span>', calloutEmoji: '🔥', backgroundColor: 'pink' },
      { type: 'toggle', version: 1, heading: 'More', content: '<p>Inside <em>it</em>.</p><p>Two.</p>' },
      { type: 'html', version: 1, html: '<div class="x">\n\n<p>raw</p>\n</div>' },
      { type: 'markdown', version: 1, markdown: '# In a card\n\n| a |\n|---|\n| 1 |' },
    ]);
    assert.match(markdown, /^## Two \\# hashes\n\n> quoted\n>\n> second\n\n- a\n {2}- a\.1\n- b\n\n\* another list\n\n3\. three\n4\. four\n\n````js\n/);
    assert.match(markdown, /\n> \[!TIP\]\n> Use \*\*bold\*\* here\.\n>\n> Second\.\n/);
    assert.match(markdown, /\n\[!\[An \\\[alt\\\]\]\(<https:\/\/example\.com\/a b\.png> "A “caption” & more"\)\]\(https:\/\/example\.com\/\)\{width=1200 height=800 \.wide\}\n/);
    assert.match(markdown, /\n<details><summary>More<\/summary>\n\nInside \*it\*\.\n\nTwo\.\n\n<\/details>\n/);
    assert.match(markdown, /\n<!--kg-card-begin: html-->\n\n<div class="x">\n\n<p>raw<\/p>\n<\/div>\n\n<!--kg-card-end: html-->\n/);
  });

  it('keeps what Markdown cannot say as an exact block: alignment, empty paragraphs, check lists, asides, unknown nodes, HTML for paid members only', () => {
    const nodes: LexNode[] = [
      { ...para(text('centred')), format: 'center' },
      para(),
      { type: 'list', listType: 'check', start: 1, tag: 'ul', children: [{ type: 'listitem', value: 1, checked: true, children: [text('done')], ...el }], ...el },
      { type: 'aside', children: [text('aside')], ...el },
      { type: 'some-future-card', version: 3, data: { nested: [1, 2] } },
      { type: 'html', version: 1, html: '<p>paid members, on the web</p>', visibility: { web: { nonMember: false, memberSegment: 'status:-free' }, email: { memberSegment: '' } } },
      para(text('after')),
    ];
    const { back, exactTypes } = roundTrip(nodes);
    assert.deepEqual(exactTypes, ['paragraph', 'paragraph', 'list', 'aside', 'some-future-card', 'html']);
    nodes.slice(0, 6).forEach((n, i) => assert.equal(JSON.stringify(back[i]), JSON.stringify(n)));
  });

  it('a table pushed from Markdown pulls back as the same Markdown while the card is unchanged, and as HTML once edited', () => {
    const md = 'Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd.\n';
    const nodes = children(markdownToLexical(md).lexical);
    assert.equal(nodes[1]?.type, 'html');
    assert.ok(nodes[1]?.[SOURCE_KEY]);
    assert.equal(lexicalToMarkdown(doc(nodes))?.markdown, md);
    const edited = nodes.map((n) => (n.type === 'html' ? { ...n, html: String(n.html).replace('<td>1</td>', '<td>one</td>') } : n));
    const pulled = lexicalToMarkdown(doc(edited))?.markdown ?? '';
    assert.match(pulled, /<!--kg-card-begin: html-->[\s\S]*<td>one<\/td>[\s\S]*<!--kg-card-end: html-->/);
    assert.equal(children(markdownToLexical(pulled).lexical)[1]?.html, edited[1]?.html);
  });

  it('a code card\'s caption: caption="…" (or title="…") after the language, pulled back as written; a caption with markup kept exactly', () => {
    const md = '```js caption="Set \\"up\\" <here> & now"\nconst a = 1;\n```\n';
    const [code] = children(markdownToLexical(md).lexical);
    assert.deepEqual({ language: code?.language, caption: code?.caption, code: code?.code }, { language: 'js', caption: 'Set &quot;up&quot; &lt;here&gt; &amp; now', code: 'const a = 1;' });
    assert.equal(children(markdownToLexical('```python title="main.py"\npass\n```\n').lexical)[0]?.caption, 'main.py');
    assert.deepEqual(children(markdownToLexical('``` caption="No language"\nx\n```\n').lexical).map((n) => [n.language, n.caption]), [['', 'No language']]);
    const plain = { type: 'codeblock', version: 1, code: 'x = 1', language: 'py', caption: 'A &amp; B' };
    const back = roundTrip([plain]);
    assert.equal(back.markdown, '```py caption="A & B"\nx = 1\n```\n');
    assert.deepEqual(back.exactTypes, []);
    const marked = roundTrip([{ ...plain, caption: 'From <a href="https://example.com/">the docs</a>' }]);
    assert.deepEqual(marked.exactTypes, ['codeblock']);
    assert.deepEqual(roundTrip([{ ...plain, language: '', caption: 'Only words' }]).exactTypes, []);
  });

  it('a broken ghost-card block is refused with its line', () => {
    assert.throws(() => markdownToLexical('Text.\n\n```ghost-card\n{"type": "bookmark",\n```\n'), (e: unknown) => CardError.is(e) && e.line === 4 && /not valid JSON/.test(e.message));
    assert.throws(() => markdownToLexical('```ghost-card\n[1]\n```\n'), /one JSON object with a "type"/);
    assert.throws(() => prepareDocument('/p/a.md', '---\ntitle: A\n---\n\n```ghost-card\n{nope\n```\n'), /a\.md, line 6: the ghost-card block is not valid JSON/);
    assert.throws(() => markdownToLexical('```ghost-card\njust words\n```\n'), /must name the card's type/);
  });

  it('a ghost-card block in YAML names a card and what differs from Ghost\'s defaults', () => {
    const [product, header] = children(markdownToLexical('```ghost-card\ntype: product\nproductTitle: Good shoes\nproductStarRating: 4\nproductRatingEnabled: true\n```\n\n```ghost-card\ntype: header\nheader: Welcome\nlayout: split\n```\n').lexical);
    assert.deepEqual(product, { type: 'product', version: 1, productImageSrc: '', productImageWidth: null, productImageHeight: null, productTitle: 'Good shoes', productDescription: '', productRatingEnabled: true, productStarRating: 4, productButtonEnabled: false, productButton: '', productUrl: '' });
    assert.deepEqual([header?.version, header?.header, header?.layout, header?.style], [2, 'Welcome', 'split', 'dark']);
  });

  it('a pulled post says render: lexical and carries its cards', () => {
    const lexical = fs.readFileSync(oneOfEachLexical(6), 'utf8');
    const out = postToMarkdown({ id: 'a'.repeat(24), title: 'Cards', slug: 'cards', status: 'draft', updated_at: '2026-01-01T00:00:00.000Z', lexical, html: '<p>ignored</p>' } as never, { type: 'post', site: 'https://example.com/' });
    assert.match(out, /\nrender: lexical\n/);
    assert.equal((out.match(/```ghost-card\n/g) ?? []).length, 8);
    assert.doesNotMatch(out, /ignored/);
  });
});

describe('image sizes and galleries', () => {
  it('reads the size of PNG, GIF, JPEG and WebP images from their bytes', () => {
    const png = solidPng(37, 11, [1, 2, 3]);
    const gif = Buffer.from([...Buffer.from('GIF89a'), 0x2c, 0x01, 0x90, 0x00, 0, 0, 0]);
    // SOI, an APP0 segment to skip, then SOF0 with height 480 and width 640.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const webp = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8X'), Buffer.from([10, 0, 0, 0, 0, 0, 0, 0, 0x1f, 0x03, 0x00, 0xc7, 0x01, 0x00])]);
    assert.deepEqual([png, gif, jpeg, webp].map((b) => imageSize(b)), [{ width: 37, height: 11 }, { width: 300, height: 144 }, { width: 640, height: 480 }, { width: 800, height: 456 }]);
    assert.equal(imageSize(Buffer.from('<svg></svg>')), undefined);
    assert.equal(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01])), undefined);
  });

  it('a local image gets its size from its file; written sizes win', () => {
    const sizes = new Map([['img/a.png', { width: 64, height: 32 }]]);
    const [a, b] = children(markdownToLexical('![A](img/a.png)\n\n![B](img/a.png){width=10 height=5 .full}\n', { sizes, images: new Map([['img/a.png', 'https://example.com/a.png']]) }).lexical);
    assert.deepEqual([a?.src, a?.width, a?.height, a?.cardWidth], ['https://example.com/a.png', 64, 32, 'regular']);
    assert.deepEqual([b?.width, b?.height, b?.cardWidth], [10, 5, 'full']);
  });

  it('images one a line (or side by side) are a gallery when every size is known, three a row; pulled back as written', () => {
    const md = '![One](https://example.com/1.jpg){width=10 height=20}\n![](https://example.com/2.jpg){width=30 height=40}\n![](https://example.com/3.jpg){width=1 height=1}\n![](https://example.com/4.jpg){width=2 height=2}\n';
    const [g] = children(markdownToLexical(md).lexical);
    assert.equal(g?.type, 'gallery');
    assert.deepEqual((g?.images as Array<Record<string, unknown>>).map((i) => [i.fileName, i.row, i.width]), [['1.jpg', 0, 10], ['2.jpg', 0, 30], ['3.jpg', 0, 1], ['4.jpg', 1, 2]]);
    assert.equal(lexicalToMarkdown(markdownToLexical(md).lexical)?.markdown, md);
    // A remote image of unknown size would be dropped by Ghost: the images stay as they are (an HTML card).
    assert.equal(children(markdownToLexical('![](https://example.com/1.jpg) ![](https://example.com/2.jpg)\n').lexical)[0]?.type, 'html');
  });
});

describe('the kitchen-sink document', () => {
  it('is editable text in Ghost but for the blocks Ghost has no node for, and pulls back as written', () => {
    const src = fs.readFileSync(path.join(fixtures, 'render', 'everything.md'), 'utf8');
    const written = markdownToLexical(src);
    const nodes = children(written.lexical);
    assert.deepEqual(nodes.map((n) => n.type), ['paragraph', 'extended-heading', 'image', 'html', 'list', 'extended-quote', 'codeblock', 'paragraph', 'toggle', 'html']);
    // The HTML cards: an image among words with the table and the task list after it, and the notes.
    assert.equal(written.htmlCards, 2);
    assert.match(String(nodes[3]?.html), /^<p>An inline <img[\s\S]*<table>[\s\S]*type="checkbox"/);
    assert.match(String(nodes[9]?.html), /class="footnotes"/);
    // The footnote reference and ==highlight==, H~2~O, E=mc^2^ stay text.
    const para = nodes[7]?.children as LexNode[];
    assert.deepEqual(para.map((c) => [c.type, c.type === 'link' ? c.url : c.format]), [
      ['extended-text', 0], ['extended-text', 128], ['extended-text', 0], ['extended-text', 32], ['extended-text', 0], ['extended-text', 64], ['extended-text', 0], ['link', '#fn1'], ['extended-text', 0]]);
    assert.equal(lexicalToMarkdown(written.lexical)?.markdown, src);
  });

  it('footnotes keep their labels and definitions through a pull, wherever the definitions were written', () => {
    const src = 'Text[^n] here and[^2].\n\n[^n]: The *note*.\n\nAfter.\n\n[^2]: Two\n    lines.\n';
    const pulled = lexicalToMarkdown(markdownToLexical(src).lexical)?.markdown ?? '';
    assert.equal(pulled, 'Text[^n] here and[^2].\n\nAfter.\n\n[^n]: The *note*.\n\n[^2]: Two\n    lines.\n');
    assert.equal(children(markdownToLexical(pulled).lexical).map((n) => JSON.stringify(canonNode(n))).join(), children(markdownToLexical(src).lexical).map((n) => JSON.stringify(canonNode(n))).join());
  });
});

describe('content for one audience', () => {
  it('::: web-only and ::: email-only are HTML cards with Ghost\'s card visibility, and pull back as written', () => {
    const src = 'Intro.\n\n::: web-only\n\nOnly on the **web**.\n\n:::\n\n::: email-only\n\nDear reader.\n\n- a list\n\n:::\n';
    const nodes = children(markdownToLexical(src).lexical);
    assert.deepEqual(nodes.map((n) => [n.type, n.html]), [['paragraph', undefined], ['html', '<p>Only on the <strong>web</strong>.</p>'], ['html', '<p>Dear reader.</p>\n<ul>\n<li>a list</li>\n</ul>']]);
    assert.deepEqual(nodes[1]?.visibility, { web: { nonMember: true, memberSegment: 'status:free,status:-free' }, email: { memberSegment: '' } });
    assert.deepEqual(nodes[2]?.visibility, { web: { nonMember: false, memberSegment: '' }, email: { memberSegment: 'status:free,status:-free' } });
    assert.equal(lexicalToMarkdown(markdownToLexical(src).lexical)?.markdown, src);
    // Edited in Ghost: its HTML comes back in the block, still for that audience.
    const edited = nodes.map((n, i) => (i === 1 ? { ...n, html: '<p>Changed in Ghost.</p>' } : n));
    const pulled = lexicalToMarkdown(doc(edited))?.markdown ?? '';
    assert.match(pulled, /::: web-only\n\n<p>Changed in Ghost\.<\/p>\n\n:::/);
    assert.deepEqual(children(markdownToLexical(pulled).lexical)[1]?.visibility, nodes[1]?.visibility);
  });
});

describe('audio, video and file cards', () => {
  it('media alone in its paragraph and a link to a local file are their cards, with what was read from the files', () => {
    const assets = new Map([
      ['a/talk.mp3', { mime: 'audio/mpeg', fileSize: 1000, duration: 61.5 }],
      ['a/clip.mp4', { mime: 'video/mp4', fileSize: 2000, duration: 2.5, width: 320, height: 240 }],
      ['a/report.pdf', { mime: 'application/pdf', fileSize: 3000 }],
    ]);
    const images = new Map([['a/talk.mp3', 'https://example.com/content/media/talk.mp3'], ['a/clip.mp4', 'https://example.com/content/media/clip.mp4'], ['a/report.pdf', 'https://example.com/content/files/report.pdf']]);
    const nodes = children(markdownToLexical('![The talk](a/talk.mp3)\n\n![](a/clip.mp4 "At dawn")\n\n[The report](a/report.pdf)\n\n[A page](https://example.com/report.pdf)\n', { assets, images }).lexical);
    assert.deepEqual(nodes.map((n) => n.type), ['audio', 'video', 'file', 'paragraph']);
    assert.deepEqual([nodes[0]?.src, nodes[0]?.title, nodes[0]?.duration, nodes[0]?.mimeType], ['https://example.com/content/media/talk.mp3', 'The talk', 61.5, 'audio/mpeg']);
    assert.deepEqual([nodes[1]?.width, nodes[1]?.height, nodes[1]?.duration, nodes[1]?.caption, nodes[1]?.fileName], [320, 240, 2.5, 'At dawn', 'clip.mp4']);
    assert.deepEqual([nodes[2]?.src, nodes[2]?.fileTitle, nodes[2]?.fileName, nodes[2]?.fileSize], ['https://example.com/content/files/report.pdf', 'The report', 'report.pdf', 3000]);
    // Pulled, they stay exact: their duration and sizes cannot be read back from Markdown.
    assert.deepEqual(lexicalToMarkdown(doc(nodes))?.exactTypes, ['audio', 'video', 'file']);
  });

  it('{thumbnail=…} gives a video or an audio its thumbnail, uploaded with the images; on an image it is refused with its line', () => {
    const src = '![At dawn](a/clip.mp4){thumbnail=a/poster.png}\n\n![The talk](a/talk.mp3){thumbnail=a/cover.png}\n';
    assert.deepEqual(imageSources(src).sort(), ['a/clip.mp4', 'a/cover.png', 'a/poster.png', 'a/talk.mp3']);
    const images = new Map([['a/poster.png', 'https://example.com/content/images/poster.png'], ['a/cover.png', 'https://example.com/content/images/cover.png']]);
    const sizes = new Map([['a/poster.png', { width: 640, height: 360 }]]);
    const [video, audio] = children(markdownToLexical(src, { images, sizes }).lexical);
    assert.deepEqual([video?.type, video?.thumbnailSrc, video?.customThumbnailSrc, video?.thumbnailWidth, video?.thumbnailHeight, video?.caption],
      ['video', 'https://example.com/content/images/poster.png', 'https://example.com/content/images/poster.png', 640, 360, 'At dawn']);
    assert.deepEqual([audio?.type, audio?.thumbnailSrc], ['audio', 'https://example.com/content/images/cover.png']);
    const problems = cardProblems('Text.\n\n![A photo](a/photo.png){thumbnail=a/poster.png}\n');
    assert.deepEqual(problems.map((p) => p.line), [3]);
    assert.match(problems[0]?.message ?? '', /thumbnail= is for a video or an audio/);
  });

  it('reads durations and video sizes from WAV, MP4 and MP3 headers', () => {
    assert.deepEqual(mediaInfo(silentWav(3), '.wav'), { duration: 3 });
    assert.deepEqual(mediaInfo(headerOnlyMp4(4000, 640, 360), '.mp4'), { duration: 4, width: 640, height: 360 });
    // An MPEG-1 Layer III frame header at 128 kbps after a 10-byte ID3 tag: 16,000 bytes of frames last a second.
    const mp3 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.from([0xff, 0xfb, 0x90, 0x00]), Buffer.alloc(16_000 - 4)]);
    assert.equal(mediaMatches(mp3, '.mp3'), true);
    assert.deepEqual(mediaInfo(mp3, '.mp3'), { duration: 1 });
    assert.equal(mediaMatches(Buffer.from('not a video'), '.mp4'), false);
  });
});

describe('the README’s card example', () => {
  it('writes the cards the README says it does', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const example = /\n {2}````markdown\n([\s\S]*?)\n {2}````\n/.exec(readme)?.[1]?.replace(/^ {2}/gm, '');
    assert.ok(example, 'the README has no ````markdown example');
    const sizes = new Map(['images/harbour.jpg', 'images/one.jpg', 'images/two.jpg', 'images/three.jpg'].map((p) => [p, { width: 1200, height: 800 }]));
    assert.deepEqual(children(markdownToLexical(example, { sizes }).lexical).map((n) => n.type),
      ['callout', 'toggle', 'bookmark', 'image', 'gallery', 'product', 'paywall', 'paragraph', 'html']);
  });
});

describe('found in review', () => {
  const types = (md: string) => children(markdownToLexical(md).lexical);

  it('a toggle pulled keeps the spaces between its formatted words, and white space that shows', () => {
    const toggle = { type: 'toggle', version: 1, heading: 'H', content: '<p><strong>Free</strong> <em>worldwide</em> delivery, <a href="https://x.y/a">see</a> <a href="https://x.y/b">terms</a></p>' } as LexNode;
    const { markdown } = roundTrip([toggle]);
    assert.match(markdown, /\*\*Free\*\* \*worldwide\* delivery, \[see\]\(https:\/\/x\.y\/a\) \[terms\]/);
    // Spaces that show (a run in pre-wrap code, a non-breaking space) are not the same as one space.
    const code = { type: 'toggle', version: 1, heading: 'H', content: '<p><code><span style="white-space: pre-wrap;">ls    -la</span></code></p>' } as LexNode;
    assert.notDeepEqual(canonNode(code), canonNode({ ...code, content: '<p><code>ls -la</code></p>' }));
    const nbsp = { type: 'image', version: 1, src: 'https://x.y/a.png', caption: 'a\u00a0b' } as LexNode;
    assert.notDeepEqual(canonNode(nbsp), canonNode({ ...nbsp, caption: 'a b' }));
  });

  it('a button\'s words wrapped over two lines keep their space', () => {
    assert.equal(types('[Subscribe to the\nnewsletter](https://x.com/s){.button}')[0]?.buttonText, 'Subscribe to the newsletter');
  });

  it('words a media card has no place for keep it an HTML card; a video\'s words are its caption; a file link\'s title its caption', () => {
    assert.equal(types('![Episode 12](https://x.y/ep12.mp3 "Recorded live in Berlin")')[0]?.type, 'html');
    assert.match(String(types('![Episode 12](https://x.y/ep12.mp3 "Recorded live in Berlin")')[0]?.html), /Recorded live in Berlin/);
    assert.equal(types('[![Watch](https://x.y/walk.mp4)](https://example.com/full)')[0]?.type, 'html');
    assert.equal(types('![A walk in the park](https://x.y/walk.mp4)')[0]?.caption, 'A walk in the park');
    assert.equal(types('[The annual report](report.pdf "Q3 figures, unaudited")')[0]?.fileCaption, 'Q3 figures, unaudited');
  });

  it('a site path or a link inside a list is a link, not a file to upload', () => {
    assert.deepEqual(imageSources('[sitemap](/sitemap.xml)\n\n- [Data](data.csv)\n\n[Report](report.pdf)\n'), ['report.pdf']);
    assert.equal(types('[sitemap](/sitemap.xml)')[0]?.type, 'paragraph');
  });

  it('YAML a card cannot be read from, and a ::: block never closed, are refused with their line', () => {
    assert.throws(() => markdownToLexical('```ghost-card\ntype: product\nproductTitle: *Best*\n```\n'), (e: unknown) => CardError.is(e) && /line 3 of the body: .*nor valid YAML \(unidentified alias.*quote values that start with \*/.test(e.message));
    assert.throws(() => prepareDocument('/p/a.md', '---\ntitle: x\n---\nIntro\n\n::: email-only\nHi\n\nThe rest.\n'), /a\.md, line 6: the `::: email-only` block is never closed/);
  });
});
