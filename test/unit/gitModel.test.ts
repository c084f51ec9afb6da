import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitHistory, gitPathHistory } from '../../src/core/publish/history';
import { GitModel, similarity } from '../support/gitModel';

/**
 * The workflows' model of `git log --follow` (test/support/gitModel.ts) against real git, read
 * the way the product reads it (gitHistory): the same trees committed in both, the same answers.
 */
describe('the workflows’ git model answers as git log --follow does', function () {
  this.timeout(60_000);
  const jan = '---\ntitle: January\nstatus: published\ntags: [news]\nghost_id: 0123456789abcdef01234567\nghost_site: http://127.0.0.1:1/\n---\nBody of January, with enough words to be a file.\n';

  async function both(trees: Array<Record<string, string>>, asked: string[]): Promise<void> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ga-gitmodel-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
    const model = new GitModel();
    try {
      git('init', '-q');
      let previous: Record<string, string> = {};
      for (const tree of trees) {
        for (const f of Object.keys(previous)) { if (!(f in tree)) { await fs.rm(path.join(dir, f)); } }
        for (const [f, text] of Object.entries(tree)) {
          await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
          await fs.writeFile(path.join(dir, f), text);
        }
        git('add', '-A');
        git('commit', '-q', '--allow-empty', '-m', 'step');
        model.commit(new Map(Object.entries(tree)));
        previous = tree;
      }
      for (const f of asked) {
        assert.deepEqual(model.follow(f), await gitHistory()(path.join(dir, f)), `history of ${f}`);
        assert.deepEqual(model.versions(f), await gitPathHistory().versions(path.join(dir, f)), `versions of the path ${f}`);
        assert.equal(model.vacated(f), await gitPathHistory().vacated(path.join(dir, f)), `times ${f} was vacated`);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  it('a copy committed unedited, then edited, takes the original’s history (copies are followed)', async () => {
    const edited = jan.replace('January', 'February');
    await both([{ 'jan.md': jan }, { 'jan.md': jan, 'feb.md': jan }, { 'jan.md': jan, 'feb.md': edited }], ['feb.md', 'jan.md']);
  });

  it('a copy next to an original moved into a folder: both follow the original', async () => {
    await both([{ 'jan.md': jan }, { 'feb.md': jan, 'archive/jan.md': jan }, { 'feb.md': `${jan}More of February.\n`, 'archive/jan.md': jan }], ['feb.md', 'archive/jan.md']);
  });

  it('a rename is followed; a new file unlike any other is not', async () => {
    const other = '---\ntitle: Something else entirely\n---\nNothing in common here at all, not one line.\n';
    await both([{ 'a.md': jan }, { 'b.md': `${jan}Added.\n` }, { 'b.md': `${jan}Added.\n`, 'c.md': other }], ['b.md', 'c.md']);
  });

  it('a file moved away and a copy of it written back to its path: the path’s own history shows it vacated between', async () => {
    const edited = jan.replace('January', 'February');
    await both([{ 'jan.md': jan }, { 'archive/jan.md': jan }, { 'archive/jan.md': jan, 'jan.md': jan }, { 'archive/jan.md': jan, 'jan.md': edited }], ['jan.md', 'archive/jan.md']);
  });

  it('similarity is git’s measure: bytes of the new file found in the old, over the larger', () => {
    assert.equal(similarity('a\nb\n', 'a\nb\n'), 1);
    assert.equal(similarity('a\nb\n', 'a\nc\n'), 0.5);
    assert.equal(similarity('x\n', 'y\n'), 0);
  });
});
