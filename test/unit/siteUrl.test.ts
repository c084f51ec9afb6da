import * as assert from 'node:assert/strict';
import { InvalidInputError } from '../../src/core/ghost/errors';
import { apiUrl, parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { localDateTime } from '../../src/core/dates';

describe('parseSiteUrl', () => {
  const accepted: Array<[string, string]> = [
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/', 'https://example.com/'],
    ['example.com', 'https://example.com/'],
    ['  https://example.com  ', 'https://example.com/'],
    ['https://example.com/ghost', 'https://example.com/'],
    ['https://example.com/ghost/', 'https://example.com/'],
    ['https://example.com/ghost/#/posts', 'https://example.com/'],
    ['https://example.com/ghost/api/admin/', 'https://example.com/'],
    ['https://example.com/ghost/api/v4/admin/posts/', 'https://example.com/'],
    ['https://example.com/blog', 'https://example.com/blog/'],
    ['https://example.com/blog/ghost/', 'https://example.com/blog/'],
    ['https://admin.example.com', 'https://admin.example.com/'],
    ['HTTPS://Example.COM', 'https://example.com/'],
    ['localhost:2368', 'http://localhost:2368/'],
    ['127.0.0.1:2368/ghost', 'http://127.0.0.1:2368/'],
    ['http://127.0.0.1:2368', 'http://127.0.0.1:2368/'],
    ['https://example.com:8443/', 'https://example.com:8443/'],
  ];
  for (const [input, adminUrl] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${adminUrl}`, () => {
      const site = parseSiteUrl(input);
      assert.equal(site.adminUrl, adminUrl);
      assert.equal(site.apiBase, `${adminUrl}ghost/api/admin/`);
    });
  }

  const refused: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['ftp://example.com', /not supported/],
    ['https://user:pw@example.com', /user name or password/],
    ['http://', /not a valid URL/],
  ];
  for (const [input, message] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseSiteUrl(input), (e: unknown) => InvalidInputError.is(e) && message.test(e.message) && !!e.hint);
    });
  }
});

describe('apiUrl', () => {
  const site = parseSiteUrl('https://example.com/blog');
  const cases: Array<[string, string]> = [
    ['posts', 'https://example.com/blog/ghost/api/admin/posts/'],
    ['/posts/', 'https://example.com/blog/ghost/api/admin/posts/'],
    ['posts/abc', 'https://example.com/blog/ghost/api/admin/posts/abc/'],
    ['', 'https://example.com/blog/ghost/api/admin/'],
  ];
  for (const [path, url] of cases) {
    it(`always ends ${JSON.stringify(path)} in a slash`, () => assert.equal(apiUrl(site, path), url));
  }
});

describe('localDateTime', () => {
  it('writes local time that Date.parse reads back as the same minute', () => {
    const d = new Date(2026, 10, 23, 9, 5);
    assert.equal(localDateTime(d), '2026-11-23 09:05');
    assert.equal(Date.parse(localDateTime(d)), d.getTime());
  });
});
