import * as assert from 'node:assert/strict';
import { FrontMatterError, parseFrontMatter, splitFrontMatter } from '../../src/core/content/frontMatter';
import { readLink, removeLink, writeLink } from '../../src/core/content/link';
import { writeYaml } from '../../src/core/content/yaml';
import { readMeta } from '../../src/core/content/meta';

describe('front matter', () => {
  it('splits front matter from the body and remembers where the body starts', () => {
    const s = splitFrontMatter('---\ntitle: Hi\ntags: [a]\n---\nBody\n');
    assert.equal(s.yaml, 'title: Hi\ntags: [a]\n');
    assert.equal(s.body, 'Body\n');
    assert.equal(s.bodyLine, 5);
  });

  it('treats a file without the opening fence as all body', () => {
    assert.equal(splitFrontMatter('# Title\n---\n').yaml, undefined);
  });

  const broken: Array<[string, string, number, RegExp]> = [
    ['an unclosed block', '---\ntitle: x\n', 1, /not closed/],
    ['a tab used for indentation', '---\ntitle: x\nlist:\n\t- y\n---\n', 4, /line 4/],
    ['a duplicate key', '---\ntitle: a\ntitle: b\n---\n', 3, /line 3.*[Uu]nique|line 3.*duplicate/i],
    ['a bare colon in a value', '---\ntitle: a: b\n---\n', 2, /line 2/],
    ['a list instead of fields', '---\n- a\n- b\n---\n', 2, /list of fields/],
  ];
  for (const [what, text, line, message] of broken) {
    it(`points at ${what} with its line`, () => {
      assert.throws(() => parseFrontMatter(text), (e: unknown) => FrontMatterError.is(e) && e.line === line && message.test(e.message));
    });
  }

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', '---', ''].join('\n');
    assert.throws(() => parseFrontMatter(bomb), FrontMatterError);
  });

  it('knows where each field starts, quoted keys and keys after a block text too; dates stay text', () => {
    const { data, positions } = parseFrontMatter('---\ntitle: x\ndescription: |\n  not: a key\n"quoted: key": 1\n\'single\': 2\npublished_at: 2024-05-01T10:00:00.000Z\n---\n');
    assert.deepEqual(Object.keys(data), ['title', 'description', 'quoted: key', 'single', 'published_at']);
    assert.deepEqual([...positions].map(([k, p]) => [k, p.line]), [['title', 2], ['description', 3], ['quoted: key', 5], ['single', 6], ['published_at', 7]]);
    assert.equal(data.published_at, '2024-05-01T10:00:00.000Z');
  });

  it('writes front matter that reads back as the same fields, whatever the text', () => {
    const tricky = ['plain', 'a: b', '- x', '#hash', "it's", '"quoted"', 'yes', 'null', '123', '1e3', '2024-05-01', ' padded ', 'line\nbreak', '*star', '&amp', '!bang', '|pipe', '>gt', '@at', '`tick', '%pct', 'ünïcödé 🎉', '', '{a: 1}', '[x]', 'x # y', 'tab\there'];
    for (const s of tricky) {
      const head = { title: s, tags: [s, 'b'] };
      for (const flowLists of [false, true]) {
        const text = `---\n${writeYaml(head, { flowLists })}---\n`;
        assert.deepEqual(parseFrontMatter(text).data, head, text);
      }
    }
    assert.equal(writeYaml({ title: 'T', tags: ['a', 'b'] }, { flowLists: true }), 'title: T\ntags: [a, b]\n');
    assert.equal(writeYaml({ title: 'T', tags: ['a', 'b'] }), 'title: T\ntags:\n  - a\n  - b\n');
  });

  it('keeps CRLF files CRLF', () => {
    assert.equal(splitFrontMatter('---\r\ntitle: x\r\n---\r\nBody\r\n').eol, '\r\n');
  });
});

describe('readMeta', () => {
  const meta = (yaml: string) => {
    const { data, positions } = parseFrontMatter(`---\n${yaml}\n---\n`);
    return readMeta(data, positions);
  };

  it('maps Ghost fields, the excerpt alias, tags and authors', () => {
    const { meta: m, issues } = meta('title: Hello\nexcerpt: Short\ntags: a, b\nauthors: [x@example.com]\nfeatured: true\nstatus: draft\ntype: page');
    assert.deepEqual(issues, []);
    assert.equal(m.title, 'Hello');
    assert.equal(m.type, 'page');
    assert.deepEqual(m.fields, { custom_excerpt: 'Short', featured: true });
    assert.deepEqual(m.tags, ['a', 'b']);
    assert.deepEqual(m.authors, ['x@example.com']);
  });

  it('reads front matter written for Hugo, Jekyll, Astro and Obsidian in Ghost\'s terms, and says so', () => {
    const hugo = meta('title: Hugo post\ndate: 2024-03-05T10:00:00Z\nlastmod: 2024-04-01\ndraft: true\ndescription: A short one.\ncategories: [Travel, Food]\ntags: food, city\ncover:\n  image: img/cover.jpg\naliases: [/old/]');
    assert.deepEqual(hugo.issues.filter((i) => i.severity !== 'info'), []);
    assert.equal(hugo.meta.status, 'draft');
    assert.equal(hugo.meta.publishedAt, '2024-03-05T10:00:00.000Z');
    assert.deepEqual(hugo.meta.tags, ['food', 'city', 'Travel']);
    assert.deepEqual(hugo.meta.fields, { custom_excerpt: 'A short one.', feature_image: 'img/cover.jpg' });
    assert.deepEqual(hugo.meta.imported.map((i) => `${i.key}→${i.as}`), ['date→published_at', 'description→custom_excerpt', 'cover→feature_image', 'draft→status', 'categories→tags', 'aliases→redirects']);
    assert.deepEqual(hugo.meta.ignored.sort(), ['lastmod']);
    assert.deepEqual(hugo.issues.filter((i) => i.key === 'date').map((i) => [i.line, i.severity]), [[3, 'info']]);
    // Ghost's own keys win; draft: false publishes nothing by itself.
    const both = meta('published_at: 2025-01-01T00:00:00Z\ndate: 2024-01-01T00:00:00Z\nexcerpt: Mine\nsummary: Theirs\ndraft: false\nimage: a.png\nfeature_image: b.png');
    assert.equal(both.meta.publishedAt, '2025-01-01T00:00:00.000Z');
    assert.equal(both.meta.fields.custom_excerpt, 'Mine');
    assert.equal(both.meta.fields.feature_image, 'b.png');
    assert.equal(both.meta.status, undefined);
    // Jekyll's published: false is a draft; Astro's pubDate and heroImage are read too.
    const astro = meta('pubDate: 2023-07-01\nheroImage: hero.png\npublished: false');
    assert.equal(astro.meta.publishedAtLocal, '2023-07-01T00:00:00');
    assert.equal(astro.meta.fields.feature_image, 'hero.png');
    assert.equal(astro.meta.status, 'draft');
    // What Ghost cannot take (a date in words, an image at a path of the old site) is reported as
    // not sent instead of stopping the file; an empty cover: lets the next key be read.
    const old = meta("pubDate: 'Jul 08 2022'\ncover: {}\nheroImage: /blog-placeholder.jpg\nimage: ''");
    assert.deepEqual(old.issues.filter((i) => i.severity === 'error'), []);
    assert.equal(old.meta.publishedAt, undefined);
    assert.equal(old.meta.fields.feature_image, undefined);
    assert.deepEqual(old.meta.ignored.sort(), ['cover', 'heroImage', 'image', 'pubDate'], 'every key not sent is listed, an empty one too');
    // A bad date is reported on the line it was written, under its own name's line.
    const bad = meta('title: x\ndate: 2024-02-30');
    assert.deepEqual(bad.issues.filter((i) => i.severity === 'error').map((i) => [i.line, /not a date/.test(i.message)]), [[3, true]]);
  });

  it('the README\'s newsletter example reads without a problem', async () => {
    const fsm = await import('node:fs');
    const pathm = await import('node:path');
    const readme = fsm.readFileSync(pathm.resolve(__dirname, '../../../README.md'), 'utf8');
    const block = /## Newsletters and members\n\n```markdown\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const { data, positions } = parseFrontMatter(`${block}\nBody.\n`);
    const { meta: m, issues } = readMeta(data, positions);
    assert.deepEqual(issues, []);
    assert.deepEqual([m.newsletter, m.emailSegment, m.fields.email_subject, m.fields.visibility, m.tiers], ['weekly', 'label:founders', 'March, in short', 'tiers', ['Gold', 'Patrons']]);
  });

  const bad: Array<[string, string, number, RegExp, 'error' | 'warning']> = [
    ['an unknown key', 'title: x\nsubtitle: y', 3, /not a Ghost field/, 'warning'],
    ['a wrong status', 'status: live', 2, /draft, published or scheduled/, 'error'],
    ['an excerpt over 300', `excerpt: ${'x'.repeat(301)}`, 2, /301 characters; Ghost allows 300/, 'error'],
    ['a non-boolean featured', 'featured: yes please', 2, /true or false/, 'error'],
    ['a bad date', 'published_at: next tuesday', 2, /must be a date/, 'error'],
    ['an author that is no email', 'authors: [Jane]', 2, /not an email/, 'error'],
    ['scheduled without date', 'status: scheduled', 2, /needs published_at/, 'error'],
    ['a relative canonical_url', 'canonical_url: /x', 2, /full http/, 'error'],
    ['a half link', 'ghost_id: abc', 2, /ghost_id and ghost_site/, 'error'],
    ['a status written as a writer would (with the value meant)', 'status: Published', 2, /must be draft, published or scheduled\. Did you mean published\?/, 'error'],
    ['an image that is a file: address (found in review)', 'og_image: "file:///etc/passwd"', 2, /http\(s\) address or the path of an image in the project, not file:/, 'error'],
  ];
  for (const [what, yaml, line, message, severity] of bad) {
    it(`reports ${what} at its line`, () => {
      const found = meta(yaml).issues.find((i) => message.test(i.message));
      assert.ok(found, `no issue matching ${message}: ${JSON.stringify(meta(yaml).issues)}`);
      assert.equal(found.line, line);
      assert.equal(found.severity, severity);
    });
  }

  it('accepts dates in the forms YAML writers use', () => {
    for (const d of ['2026-12-01', '2026-12-01T09:00:00Z', '2026-12-01 09:00', '2026-12-01T09:00:00+02:00', '2026-12-01T09:00:00.123Z']) {
      assert.match(meta(`published_at: ${d}`).meta.publishedAt ?? '', /^2026-12-01T/, d);
    }
  });
});

describe('writeLink', () => {
  const link = { id: '0123456789abcdef01234567', site: 'https://example.com/' };
  it('adds the link to existing front matter, leaving every other byte alone', () => {
    const before = '---\ntitle: "Hi"   # my title\ntags: [a]\n---\n\nBody  \n\n';
    const after = writeLink(before, link);
    assert.equal(after, '---\ntitle: "Hi"   # my title\ntags: [a]\nghost_id: 0123456789abcdef01234567\nghost_site: https://example.com/\n---\n\nBody  \n\n');
  });
  it('front matter written as one flow mapping stays one, readable, in every form (a review found block keys appended after the braces)', () => {
    for (const before of ['---\n{title: JSON-ish post, tags: [a]}\n---\nBody\n', '---\n{"title": "Q"}\n---\nB\n', '---\n{}\n---\nB\n', '---\n# c\n{title: X,\n  tags: [a, b]\n}\n---\nB\n']) {
      const after = writeLink(before, link);
      assert.deepEqual(readLink(after), link, after);
      assert.equal(splitFrontMatter(after).yaml?.trim().replace(/^# c\n/, '').endsWith('}'), true, after);
      const moved = writeLink(after, { ...link, id: 'fedcba9876543210fedcba98' });
      assert.equal(readLink(moved)?.id, 'fedcba9876543210fedcba98');
      assert.equal((moved.match(/ghost_id/g) ?? []).length, 1, moved);
      const data = parseFrontMatter(moved).data;
      assert.equal(data.title ?? null, parseFrontMatter(before).data.title ?? null);
      assert.equal(removeLink(moved), before);
    }
  });
  it('adds front matter to a file without any', () => {
    assert.equal(writeLink('# Hi\n', link), '---\nghost_id: 0123456789abcdef01234567\nghost_site: https://example.com/\n---\n# Hi\n');
  });
  it('replaces an existing link in place and keeps CRLF', () => {
    const before = '---\r\nghost_id: aaaaaaaaaaaaaaaaaaaaaaaa\r\nghost_site: https://old/\r\ntitle: x\r\n---\r\nB\r\n';
    assert.equal(writeLink(before, link), '---\r\nghost_id: 0123456789abcdef01234567\r\nghost_site: https://example.com/\r\ntitle: x\r\n---\r\nB\r\n');
  });
  it('is stable: writing the same link twice changes nothing', () => {
    const once = writeLink('---\ntitle: x\n---\nB\n', link);
    assert.equal(writeLink(once, link), once);
  });
});
