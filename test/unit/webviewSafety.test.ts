// Webviews and links: the email preview's document has its CSP in its one real head whatever the
// email holds; links shown lead only to http(s), mailto or the same document; the browser gets
// only http(s); hover text from the site is words, never Markdown.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { EMAIL_CSP, emailDocument, neutraliseLinks } from '../../src/core/content/emailDocument';
import { previewCards } from '../../src/core/content/preview';
import { escapeMarkdown } from '../../src/core/markdownEscape';
import { isWebUrl, safeLinkHref } from '../../src/core/safeUrl';

/** Where the CSP meta sits: the document up to it must be our own head, nothing of the email. */
function beforeCsp(doc: string): string {
  const i = doc.indexOf('http-equiv="Content-Security-Policy"');
  assert.ok(i > 0, 'no CSP');
  return doc.slice(0, i);
}

describe('the email preview document', () => {
  const hostile: Array<[string, string]> = [
    ['a comment reading <head>', '<!-- <head> --><html><head><title>x</title></head><body><p>Hi</p></body></html>'],
    ['a <header> before the head', '<header class="top">Brand</header><html><head></head><body>Hi</body></html>'],
    ['a head inside a string of the style', '<html><head><style>/* <head> */ p{}</style></head><body>Hi</body></html>'],
    ['no head at all', '<p>Hi</p>'],
    ['a <head> in the body text', '<p>&lt;head&gt; <head> </p>'],
  ];
  for (const [name, html] of hostile) {
    it(`keeps the CSP first in the real head with ${name}`, () => {
      const doc = emailDocument(html, 'Subject');
      assert.equal(beforeCsp(doc), '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta ');
      assert.ok(doc.indexOf(html.slice(0, 12)) > doc.indexOf('</head>'), 'the email is in the body, after our head');
      assert.equal(doc.match(/Content-Security-Policy/g)?.length, 1);
    });
  }

  it('drops scripts and the email\'s own CSP metas, and escapes the subject', () => {
    const doc = emailDocument('<head><meta http-equiv="Content-Security-Policy" content="default-src *"><script>alert(1)</script></head><p>x</p><script src="y">', '</title><script>alert(2)</script>');
    assert.doesNotMatch(doc, /<script/i);
    assert.doesNotMatch(doc, /default-src \*/);
    assert.match(doc, /<title>&#60;\/title&#62;&#60;script&#62;alert\(2\)&#60;\/script&#62;<\/title>/);
    assert.match(EMAIL_CSP, /default-src 'none'/);
    assert.match(EMAIL_CSP, /base-uri 'none'/);
  });

  it('keeps http(s), mailto and in-document links; makes every other link inert', () => {
    const html = [
      '<a href="https://example.com/a?b=1&amp;c=2">ok</a>', '<a href=\'mailto:me@example.com\'>ok</a>', '<a href="#top">ok</a>',
      '<a href="javascript:alert(1)">bad</a>', '<a HREF=command:workbench.action.terminal.new>bad</a>', '<a href="vscode://some.ext/run">bad</a>',
      '<a href="file:///etc/passwd">bad</a>', '<a href="  java&#115;cript:alert(1)">bad</a>', '<a href="jav&#x09;ascript:alert(1)">bad</a>',
      '<a title="x"href="command:x">bad</a>', '<a/href="data:text/html,x">bad</a>', '<svg><a xlink:href="javascript:1">bad</a></svg>',
      '<form action="https://example.com/steal"><button formaction="https://x">bad</button></form>', '<a href="../relative">bad</a>',
    ].join('\n');
    const out = neutraliseLinks(html);
    for (const kept of ['href="https://example.com/a?b=1&amp;c=2"', 'href=\'mailto:me@example.com\'', 'href="#top"']) { assert.ok(out.includes(kept), kept); }
    const hrefs = [...out.matchAll(/[\s/"']((?:xlink:)?href|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)/gi)].map((m) => m[2]);
    assert.deepEqual(hrefs, ['"https://example.com/a?b=1&amp;c=2"', '\'mailto:me@example.com\'', '"#top"']);
    assert.equal(out.match(/data-ga-removed-/g)?.length, 12);
  });
});

describe('URL schemes', () => {
  it('only http(s) goes to the browser', () => {
    for (const ok of ['https://example.com/p/', 'http://localhost:2368/x', 'HTTPS://EXAMPLE.COM']) { assert.equal(isWebUrl(ok), true, ok); }
    for (const bad of ['command:workbench.action.terminal.new', 'vscode://ext/run', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b', '/relative', '', 'https:', 'data:text/html,x']) {
      assert.equal(isWebUrl(bad), false, bad);
    }
  });

  it('links may be http(s), mailto or in the document', () => {
    for (const ok of ['https://a.b', 'http://a.b', 'mailto:x@y', '#part', 'h&#116;tps://a.b']) { assert.equal(safeLinkHref(ok), ok, ok); }
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:x', 'java&#115;cript:x', 'jav&Tab;ascript:x', 'data:x', 'command:x', 'vscode:x', 'file:///x', 'x/y', '//evil.example/']) {
      assert.equal(safeLinkHref(bad), undefined, bad);
    }
  });

  it('a card\'s button in the preview leads nowhere unless its URL may be followed', () => {
    const md = new MarkdownIt();
    previewCards(md);
    const card = (url: string) => md.render(`\`\`\`ghost-card\n${JSON.stringify({ type: 'button', buttonText: 'Go', buttonUrl: url })}\n\`\`\`\n`);
    assert.match(card('https://example.com/'), /<a class="ga-card-button" href="https:\/\/example.com\/">Go<\/a>/);
    const bad = card('javascript:alert(document.cookie)');
    assert.doesNotMatch(bad, /href=/);
    assert.doesNotMatch(bad, /javascript/);
    assert.match(bad, /<span class="ga-card-button"[^>]*>Go<\/span>/);
  });
});

describe('hover text', () => {
  const md = new MarkdownIt({ html: true, linkify: true });
  it('titles, excerpts and slugs read as themselves: no link, image, HTML or code span', () => {
    for (const hostile of ['[click](command:workbench.action.terminal.new)', '![x](https://tracker.example/p.png)', '<img src=x onerror=alert(1)>', '`code` **bold**', 'a\n\n# heading', '&lt;b&gt;', '\\[x](y)']) {
      const html = md.render(escapeMarkdown(hostile));
      assert.doesNotMatch(html, /<a |<img|<code|<strong|<h1|<b>/, hostile);
      const text = html.replace(/<\/?p>\n?/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.equal(text, hostile.replace(/\n+/g, ' '), hostile);
    }
  });
});
