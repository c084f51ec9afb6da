/**
 * What Ghost gets is what the preview shows: Markdown the writer can see in the preview must reach
 * the Lexical document that is sent, with the structure and formats the preview gives it.
 */
import * as assert from 'node:assert/strict';
import { markdownToLexical, type LexNode } from '../../src/core/content/lexical';

const children = (markdown: string) => (JSON.parse(markdownToLexical(markdown).lexical) as { root: { children: LexNode[] } }).root.children;
/** The text of a node and everything under it, as a reader sees it. */
const textOf = (n: LexNode): string => (typeof n.text === 'string' ? n.text : '') + ((n.children as LexNode[] | undefined) ?? []).map(textOf).join('');

describe('a fence’s info string', () => {
  it('is unescaped as CommonMark says: ```foo\\+bar is the language foo+bar', () => {
    const [code] = children('```foo\\+bar\nx\n```\n');
    assert.equal(code?.type, 'codeblock');
    assert.equal(code?.language, 'foo+bar');
    // Entities too, and a caption after the language is still read.
    const [other] = children('```c&#43;&#43; caption="Main"\nint main;\n```\n');
    assert.equal(other?.language, 'c++');
    assert.equal(other?.caption, 'Main');
  });
});

describe('nested emphasis', () => {
  it('*(*foo*)* stays italic throughout, as markdown-it shows <em>(<em>foo</em>)</em>', () => {
    const [p] = children('*(*foo*)*\n');
    assert.deepEqual((p?.children as LexNode[]).map((t) => [t.text, t.format]), [['(foo)', 2]]);
  });

  it('an inner format that closes leaves the outer ones on', () => {
    const [p] = children('**a **b** c** and <u>*x* y</u>\n');
    assert.deepEqual((p?.children as LexNode[]).map((t) => [t.text, t.format]), [['a b c', 1], [' and ', 0], ['x', 10], [' y', 8]]);
  });
});

describe('the title heading', () => {
  it('is a level-1 heading that opens the document, and only that', async () => {
    const { takeTitleHeading } = await import('../../src/core/content/render.js');
    assert.deepEqual(takeTitleHeading('\n\n# The Title\n\nText.\n'), { title: 'The Title', body: 'Text.\n' });
    assert.deepEqual(takeTitleHeading('The Title\n=========\n\nText.\n'), { title: 'The Title', body: 'Text.\n' });
    // Mid-body, inside a quote or a list, or after a reference definition: the writer's heading, left where it is.
    assert.equal(takeTitleHeading('Intro.\n\n# A section\n\nText.\n'), undefined);
    assert.equal(takeTitleHeading('> # Quoted\n\nText.\n'), undefined);
    assert.equal(takeTitleHeading('- # In a list\n'), undefined);
    assert.equal(takeTitleHeading('## Level two\n\n# Level one\n'), undefined);
    assert.equal(takeTitleHeading('[a]: https://example.com\n\n# After a definition\n'), undefined);
  });

  it('a file whose first block is not a heading keeps its headings, and is titled from its name', async () => {
    const { prepareDocument } = await import('../../src/core/content/document.js');
    const doc = prepareDocument('/notes/my-notes.md', '---\nstatus: draft\n---\nIntro.\n\n# Part one\n\n> # Quoted\n');
    assert.equal(doc.title, 'my notes');
    assert.equal(doc.body, 'Intro.\n\n# Part one\n\n> # Quoted\n');
    const titled = prepareDocument('/notes/my-notes.md', '---\nstatus: draft\n---\n\n# The Title\n\nIntro.\n\n# Part one\n');
    assert.equal(titled.title, 'The Title');
    assert.equal(titled.body, 'Intro.\n\n# Part one\n');
  });
});

describe('callouts see the whole document', () => {
  it('reference links and footnote references inside a GitHub alert are links, as the preview shows them', () => {
    const nodes = children('> [!NOTE]\n> See [the docs][d] and a note[^n].\n>\n> Again [the docs][d].\n\n[d]: https://example.com/docs "Docs"\n\n[^n]: The note.\n');
    const callout = nodes[0];
    assert.equal(callout?.type, 'callout');
    const text = String(callout?.calloutText);
    assert.equal(text.split('<a href="https://example.com/docs" title="Docs">the docs</a>').length, 3, text);
    assert.doesNotMatch(text, /\[d\]|\[\^n\]|\[!NOTE\]/);
    // The reference is the note's first (its id is what the note's way back points to).
    assert.match(text, /<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/);
    const notes = nodes[1];
    assert.equal(notes?.type, 'html');
    assert.match(String(notes?.html), /<li id="fn1" class="footnote-item"><p>The note\. <a href="#fnref1" class="footnote-backref">/);
  });

  it('a marker with its own emoji and colour, followed by a reference link', () => {
    const [callout] = children('> [!callout|🔥|pink]\n> Read [this][r].\n\n[r]: https://example.com/r\n');
    assert.equal(callout?.calloutText, 'Read <a href="https://example.com/r">this</a>.');
    assert.equal(callout?.calloutEmoji, '🔥');
  });
});

describe('text right after an HTML card’s end marker', () => {
  it('is sent as Markdown: paragraphs, lists and headings after the marker with no blank line', () => {
    const nodes = children('Before.\n\n<!--kg-card-begin: html-->\n<div>Kept <b>as is</b></div>\n<!--kg-card-end: html-->\nWords after the card.\n- an item\n# A heading\n\nLast.\n');
    assert.deepEqual(nodes.map((n) => n.type), ['paragraph', 'html', 'paragraph', 'list', 'extended-heading', 'paragraph']);
    assert.equal(nodes[1]?.html, '<div>Kept <b>as is</b></div>');
    assert.deepEqual(nodes.slice(2).map(textOf), ['Words after the card.', 'an item', 'A heading', 'Last.']);
  });

  it('a Markdown card’s end marker too, and the preview shows the same words as Markdown', async () => {
    const nodes = children('<!--kg-card-begin: markdown-->\n<div>raw</div>\n<!--kg-card-end: markdown-->\n*Emphasis* after.\n');
    assert.deepEqual(nodes.map((n) => n.type), ['markdown', 'paragraph']);
    assert.equal(nodes[0]?.markdown, '<div>raw</div>');
    assert.deepEqual((nodes[1]?.children as LexNode[]).map((t) => [t.text, t.format]), [['Emphasis', 2], [' after.', 0]]);
    const { renderPreview } = await import('../../src/core/content/render.js');
    assert.match(renderPreview('<!--kg-card-begin: html-->\n<div>x</div>\n<!--kg-card-end: html-->\n- an item\n'), /<!--kg-card-end: html-->\n<ul>\n<li>an item<\/li>/);
  });
});

describe('HTML pull of a table with junk where its cells should be', () => {
  it('keeps that table as HTML with its words, and converts the rest of the post as usual', async () => {
    const { htmlToMarkdown } = await import('../../src/core/content/pull.js');
    // A comment where a cell should be (kept inside <pre>): the GFM plugin's table rule threw a TypeError,
    // and the whole post was converted again with every table left as HTML.
    const md = htmlToMarkdown('<p>Before <em>this</em>.</p><pre><table><tr><th>Head</th><!--x--></tr><tr><td>Word</td><td>Other</td></tr></table></pre><table><tr><th>Good</th></tr><tr><td>Cell</td></tr></table>');
    assert.match(md, /^Before \*this\*\.\n/);
    assert.match(md, /<table><tbody><tr><th>Head<\/th><!--x--><\/tr><tr><td>Word<\/td><td>Other<\/td><\/tr><\/tbody><\/table>/);
    assert.match(md, /\| Good \|\n\| --- \|\n\| Cell \|/);
  });

  it('a cell spanning a million columns is kept as HTML instead of filling the memory', async () => {
    const { htmlToMarkdown } = await import('../../src/core/content/pull.js');
    const md = htmlToMarkdown('<table><tr><th colspan="1000000">Wide</th></tr><tr><td>Cell</td></tr></table>');
    assert.ok(md.length < 1000, `${md.length} characters`);
    assert.match(md, /Wide/);
    assert.match(md, /Cell/);
  });
});

describe('old Mac line endings (a lone carriage return)', () => {
  it('end lines for the cards read from the lines as for markdown-it: an HTML card between markers keeps its words', () => {
    // Found by the fuzz's "no words lost" oracle: a lone \r in a code block moved every later card's lines.
    const nodes = children('```\ncode\rmore\n```\n\n<!--kg-card-begin: html-->\n<div>Kept words</div>\n<!--kg-card-end: html-->\n\nAfter.\n');
    assert.deepEqual(nodes.map((n) => n.type), ['codeblock', 'html', 'paragraph']);
    assert.equal(nodes[1]?.html, '<div>Kept words</div>');
    const cr = children('Intro.\r\r<!--kg-card-begin: html-->\r<div>Kept</div>\r<!--kg-card-end: html-->\r\rAfter.\r');
    assert.deepEqual(cr.map((n) => n.type), ['paragraph', 'html', 'paragraph']);
    assert.equal(cr[1]?.html, '<div>Kept</div>');
  });

  it('a table written with them keeps its Markdown as written, and the title heading is taken from them', async () => {
    const [table] = children('|a|\r|-|\r|1|\r');
    assert.equal((table?.ghostAuthorSource as { markdown?: string } | undefined)?.markdown, '|a|\n|-|\n|1|');
    const { takeTitleHeading } = await import('../../src/core/content/render.js');
    assert.deepEqual(takeTitleHeading('# Title\rText.\r'), { title: 'Title', body: 'Text.\r' });
  });
});
