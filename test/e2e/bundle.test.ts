/**
 * The bundled CLI (dist/cli.js, as shipped: axios with our stand-ins for the parts we never use,
 * the HTML converter in a file of its own) against real Ghost 6 and 5: it uploads, publishes and
 * pulls, and reads a post that has no Lexical through the lazily loaded converter.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { GhostClient } from '../../src/core/ghost/client';
import { parseSiteUrl } from '../../src/core/ghost/siteUrl';
import { solidPng } from '../support/ghost/seed';
import { MAJORS, server } from './servers';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

for (const major of MAJORS) {
  describe(`the bundled CLI on real Ghost ${major}`, function () {
    this.timeout(120_000);
    let dir: string;
    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), `ga-bundle${major}-`)); });
    afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

    const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], {
      cwd: dir, env: { ...process.env, GHOST_URL: server(major).url, GHOST_ADMIN_API_KEY: server(major).integrationKey },
    });

    it('uploads an image, publishes cards and pulls them back; a post without Lexical is read through the lazily loaded HTML converter', async () => {
      await fs.mkdir(path.join(dir, 'img'));
      await fs.writeFile(path.join(dir, 'img', 'wide.png'), solidPng(64, 32, [200, 40, 40]));
      const text = '---\ntitle: Bundled\n---\nIntro with ==highlight==.\n\n![A red box](img/wide.png "Red")\n\n> [!NOTE]\n> A note.\n';
      await fs.writeFile(path.join(dir, 'post.md'), text);
      const pushed = await cli('publish', 'post.md');
      assert.match(pushed.stdout, /created/i, pushed.stdout + pushed.stderr);
      const linked = await fs.readFile(path.join(dir, 'post.md'), 'utf8');
      const id = /ghost_id: ([0-9a-f]{24})/.exec(linked)?.[1];
      assert.ok(id, linked);
      const pulled = await cli('pull', id, '-o', 'pulled.md');
      assert.match(pulled.stderr, /^Wrote pulled.md/);
      const back = await fs.readFile(path.join(dir, 'pulled.md'), 'utf8');
      assert.match(back, /Intro with ==highlight==\./);
      assert.match(back, /> \[!NOTE\]\n> A note\./);
      assert.match(back, /!\[A red box\]\(http[^)]*\/content\/images\/[^)]*wide[^)]*\.png "Red"\)/);

      // Ghost's older editor stored posts as mobiledoc. Ghost 5 keeps such a post as it is, with no
      // Lexical (pulled through its HTML, with the converter loaded on first use); Ghost 6
      // converts it to Lexical when it is saved.
      const c = GhostClient.withKey(parseSiteUrl(server(major).url), parseAdminKey(server(major).integrationKey), { userAgent: 'e2e' });
      const mobiledoc = JSON.stringify({ version: '0.3.1', atoms: [], cards: [], markups: [['strong']], sections: [[1, 'p', [[0, [], 0, 'Old '], [0, [0], 1, 'bold'], [0, [], 0, ' words.']]]] });
      const old = await c.posts.create({ title: 'From the old editor', mobiledoc } as never);
      const read = await c.posts.read(old.id, { formats: ['html', 'lexical'] });
      assert.equal(read.lexical === null, major === 5);
      const oldPull = await cli('pull', old.id);
      assert.match(oldPull.stdout, /\n\nOld \*\*bold\*\* words\.\n$/);
      assert.match(oldPull.stdout, /render: lexical/);
      assert.equal(/note: .*older editor/.test(oldPull.stderr), major === 5, oldPull.stderr);
    });
  });
}
