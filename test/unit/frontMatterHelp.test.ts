import * as assert from 'node:assert/strict';
import { completionContext, diagnoseAudience, describeKey, diagnoseFrontMatter, frontMatterKeys } from '../../src/core/content/frontMatterHelp';

describe('front matter help', () => {
  it('reports problems with their line and the key’s columns', () => {
    const d = diagnoseFrontMatter('---\ntitle: x\nstatus: live\nsubtitle: y\n---\nBody\n');
    assert.deepEqual(d.map((x) => [x.line, x.column, x.endColumn, x.severity]), [[3, 1, 7, 'error'], [4, 1, 9, 'warning']]);
    assert.match(d[0]?.message ?? '', /draft, published or scheduled/);
  });

  it('reports YAML syntax errors at their place', () => {
    const [d] = diagnoseFrontMatter('---\ntitle: x\ntags: [a, b\n---\n');
    assert.equal(d?.severity, 'error');
    assert.ok((d?.line ?? 0) >= 3);
  });

  it('says nothing about files without front matter or with good front matter', () => {
    assert.deepEqual(diagnoseFrontMatter('# Just text\n'), []);
    assert.deepEqual(diagnoseFrontMatter('---\ntitle: Fine\nstatus: draft\n---\n'), []);
  });

  const text = '---\ntitle: x\nstatus: \nst\ntags:\n  - \n---\nbody\n';
  const cases: Array<[string, number, number, unknown]> = [
    ['a value of status', 2, 8, { kind: 'value', key: 'status', values: ['draft', 'published', 'scheduled'] }],
    ['a key being typed', 3, 2, { kind: 'key', prefix: 'st' }],
    ['an item of the tags list', 5, 4, { kind: 'list', key: 'tags' }],
    ['nothing in the body', 7, 2, undefined],
    ['nothing on the fence', 0, 1, undefined],
  ];
  for (const [what, line, ch, expected] of cases) {
    it(`completes ${what}`, () => assert.deepEqual(completionContext(text, line, ch), expected));
  }

  it('describes keys for hovers, with limits and allowed values', () => {
    assert.match(describeKey('excerpt') ?? '', /300/);
    // Its limit said once (the first hour's walk found it twice).
    assert.equal((describeKey('custom_excerpt')?.match(/300/g) ?? []).length, 1);
    assert.equal((describeKey('email_subject')?.match(/300/g) ?? []).length, 1);
    assert.match(describeKey('meta_title') ?? '', /At most 300 characters\./);
    assert.match(describeKey('status') ?? '', /draft, published, scheduled/);
    assert.equal(describeKey('nonsense'), undefined);
    assert.ok(frontMatterKeys().some((k) => k.key === 'feature_image' && k.doc.length > 0));
  });

  it('completes the audience keys from the site, and checks them against it', () => {
    const t = '---\nnewsletter: \nemail_segment: label:\ntiers:\n  - \n---\n';
    assert.deepEqual(completionContext(t, 1, 12), { kind: 'site', key: 'newsletter' });
    assert.deepEqual(completionContext(t, 2, 21), { kind: 'site', key: 'email_segment' });
    assert.deepEqual(completionContext(t, 4, 4), { kind: 'list', key: 'tiers' });
    const site = { newsletters: [{ slug: 'weekly', name: 'Weekly' }], labels: [{ slug: 'vip', name: 'VIP' }], tiers: [{ slug: 'gold', name: 'Gold' }] };
    const found = diagnoseAudience('---\ntitle: x\nnewsletter: monthly\nemail_segment: label:vip,label:nobody\nvisibility: tiers\ntiers: [Gold, Silver]\n---\n', site);
    assert.deepEqual(found.map((d) => [d.line, d.severity, d.message.replace(/;.*$/, '')]), [
      [3, 'error', 'This site has no active newsletter “monthly”'],
      [4, 'warning', 'This site has no member label “nobody”: the segment would reach nobody.'],
      [6, 'error', 'This site has no tier “Silver”'],
    ]);
    assert.deepEqual(diagnoseAudience('---\nnewsletter: weekly\nemail_segment: label:vip\ntiers: gold\n---\n', site), []);
  });
});
