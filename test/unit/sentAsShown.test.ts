/**
 * What Ghost gets is what the preview shows: Markdown the writer can see in the preview must reach
 * the Lexical document that is sent, with the structure and formats the preview gives it.
 */
import * as assert from 'node:assert/strict';
import { markdownToLexical, type LexNode } from '../../src/core/content/lexical';

const children = (markdown: string) => (JSON.parse(markdownToLexical(markdown).lexical) as { root: { children: LexNode[] } }).root.children;
/** The text of a node and everything under it, as a reader sees it. */

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
