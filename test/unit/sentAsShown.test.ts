/**
 * What Ghost gets is what the preview shows: Markdown the writer can see in the preview must reach
 * the Lexical document that is sent, with the structure and formats the preview gives it.
 */
import * as assert from 'node:assert/strict';
import { markdownToLexical, type LexNode } from '../../src/core/content/lexical';

const children = (markdown: string) => (JSON.parse(markdownToLexical(markdown).lexical) as { root: { children: LexNode[] } }).root.children;

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
