import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeLink } from '../../src/core/content/link';
import { parseFrontMatter } from '../../src/core/content/frontMatter';
import { prepareDocument } from '../../src/core/content/document';
import { readDate } from '../../src/core/content/meta';
import { writeFileAtomic } from '../../src/core/fsutil';
import { zonedToUtc } from '../../src/core/publish/timezone';
import { gitHistory } from '../../src/core/publish/history';
import { StateStore } from '../../src/core/publish/state';
import { execFileSync } from 'node:child_process';

describe('write-backs keep the file as it was', () => {
  it('rewrites the file a symbolic link points to, and leaves the link a link', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-fs-'));
    try {
      await fs.writeFile(path.join(dir, 'real.md'), 'old');
      await fs.symlink('real.md', path.join(dir, 'link.md'));
      await writeFileAtomic(path.join(dir, 'link.md'), 'new');
      assert.ok((await fs.lstat(path.join(dir, 'link.md'))).isSymbolicLink());
      assert.equal(await fs.readFile(path.join(dir, 'real.md'), 'utf8'), 'new');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('writes ids that YAML would read as numbers in quotes, and keeps the quoting a file uses', () => {
    for (const id of ['123456789012345678901234', '1e2345678901234567890123']) {
      const text = writeLink('---\ntitle: T\n---\nBody\n', { id, site: 'https://x.example/' });
      assert.equal(parseFrontMatter(text).data.ghost_id, id);
    }
    const single = writeLink("---\nghost_id: '123456789012345678901234'\nghost_site: https://x.example/\n---\n", { id: '223456789012345678901234', site: 'https://x.example/' });
    assert.match(single, /ghost_id: '223456789012345678901234'/);
  });

  it('finds the # Title after a UTF-8 BOM and keeps the BOM on write-back', () => {
    const text = '\uFEFF# Hello\n\nBody.\n';
    assert.equal(prepareDocument('/x/a.md', text).title, 'Hello');
    assert.ok(writeLink(text, { id: 'a'.repeat(24), site: 'https://x.example/' }).startsWith('\uFEFF---\n'));
  });

  it('refuses control characters in a title and a numeric ghost_id, with the line', () => {
    assert.throws(() => prepareDocument('/x/a.md', '---\ntitle: "\\u0001\\u0002"\n---\n'), /line 2: The title holds control characters/);
    assert.throws(() => prepareDocument('/x/a.md', '---\nghost_id: 123456789012345678901234\nghost_site: https://x.example/\n---\n'), /line 2: ghost_id was read as a number/);
  });
});

describe('dates from the front matter', () => {
  it('refuses impossible dates instead of moving them', () => {
    assert.match(String(readDate('2026-02-30')), /not a date \(that month has 28 days\)/);
    assert.match(String(readDate('2026-13-01')), /months run from 01 to 12/);
    assert.match(String(readDate('2026-01-01T24:00')), /not a time of day/);
  });

  it('keeps a date without a zone to be read in the site’s zone', () => {
    assert.deepEqual(readDate('2026-12-01 09:00'), { iso: '2026-12-01T09:00:00.000Z', local: '2026-12-01T09:00:00' });
    assert.deepEqual(readDate('2026-12-01T09:00:00+02:00'), { iso: '2026-12-01T07:00:00.000Z' });
    assert.equal(zonedToUtc('2026-12-01T09:00:00', 'America/New_York'), '2026-12-01T14:00:00.000Z');
    assert.equal(zonedToUtc('2026-07-01T09:00:00', 'Europe/Berlin'), '2026-07-01T07:00:00.000Z');
    assert.equal(zonedToUtc('2026-07-01T09:00:00', 'Etc/UTC'), '2026-07-01T09:00:00.000Z');
  });
});

describe('a file’s history from git', () => {
  it('lists the committed versions of a file, newest first, across a rename; none outside a repository', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args], { cwd: dir });
    try {
      assert.deepEqual(await gitHistory()(path.join(dir, 'a.md')), []);
      git('init', '-q');
      await fs.writeFile(path.join(dir, 'a.md'), 'one\n');
      git('add', '.');
      git('commit', '-qm', '1');
      await fs.writeFile(path.join(dir, 'a.md'), 'two\n');
      git('commit', '-qam', '2');
      git('mv', 'a.md', 'b.md');
      git('commit', '-qm', '3');
      await fs.writeFile(path.join(dir, 'b.md'), 'three, not committed\n');
      assert.deepEqual(await gitHistory()(path.join(dir, 'b.md')), ['two\n', 'two\n', 'one\n']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the state file shared by a CLI run and an open window', () => {
  it('keeps the records both wrote at the same time', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-state-'));
    try {
      const cli = new StateStore(dir);
      const window = new StateStore(dir);
      await cli.load();
      await window.load();
      const rec = (id: string) => ({ site: 's', id, type: 'post' as const, updatedAt: 'u', hash: 'h' });
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? cli : window).setPost(rec(`p${i}`))));
      const fresh = new StateStore(dir);
      await fresh.load();
      assert.deepEqual(Array.from({ length: 20 }, (_, i) => !!fresh.post('s', `p${i}`)), Array.from({ length: 20 }, () => true));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
