import * as assert from 'node:assert/strict';
import { FakeGhost } from '../support/fake/fakeGhost';
import { generate, runSequence, shrink, Violation, type Op } from '../support/workflow';
import { FOUND_REGRESSIONS } from '../support/workflowFound';
import { fakeSite, WIDE } from '../support/workflowFake';

/** A fresh fake for each sequence: no post, request, fault or tag of the last one. */
function reset(ghost: FakeGhost): void {
  ghost.posts.length = 0;
  ghost.requests.length = 0;
  ghost.faults.length = 0;
  ghost.tags.length = 0;
  ghost.emailRequests.length = 0;
}

async function fails(ops: Op[], wide = WIDE): Promise<Violation | undefined> {
  const ghost = await new FakeGhost().start();
  try {
    await runSequence(ops, fakeSite(ghost, wide), () => undefined, { wide });
    return undefined;
  } catch (e) {
    if (e instanceof Violation) { return e; }
    throw e;
  } finally {
    await ghost.stop();
  }
}

/** Minimal sequences the generator once found, kept as regression tests. */
const REGRESSIONS: Array<{ name: string; ops: Op[] }> = [
  {
    // A clone without state whose file predates the last push from the other clone.
    name: 'a stale clone without state gets a conflict, not an overwrite',
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'clone', f: 'a.md' },
      { op: 'editFile', c: 0, f: 'a.md', part: 'body' }, { op: 'push', c: 0, f: 'a.md', again: false },
      { op: 'loseState', c: 1 }, { op: 'editFile', c: 1, f: 'a.md', part: 'body' }, { op: 'push', c: 1, f: 'a.md', again: false }],
  },
  {
    // Seed 4: the record of a create kept the deleted file's post for the new file of the same name.
    name: 'a new file with the name of a deleted one is not pushed onto the deleted one’s post',
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'deleteFile', c: 0, f: 'a.md' },
      { op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: true }],
  },
  {
    // Seed 48: a checkout that reverts its own file and pushes may take its own words out of Ghost.
    name: 'a writer’s own revert pushes; words from elsewhere would be a conflict',
    ops: [{ op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false }, { op: 'clone', f: 'a.md' },
      { op: 'push', c: 1, f: 'a.md', again: false, force: true }, { op: 'editFile', c: 1, f: 'a.md', part: 'title' },
      { op: 'pushCli', c: 1, f: 'a.md' }, { op: 'clone', f: 'a.md' }, { op: 'push', c: 1, f: 'a.md', again: false }],
  },
];

describe('randomized writer workflows on the fake Ghost', function () {
  this.timeout(20 * 60_000);
  const only = process.env.WORKFLOW_SEED;
  const count = Number(process.env.WORKFLOW_COUNT ?? 1000);
  // WORKFLOW_FROM: the first seed, so that a long run can be split across processes.
  const from = Number(process.env.WORKFLOW_FROM ?? 1);
  const seeds = only ? [Number(only)] : Array.from({ length: count }, (_, i) => from + i);

  it(`keeps every promise over ${seeds.length} seeded sequences of 5–40 steps${WIDE ? ' (wide model)' : ''}`, async () => {
    const ghost = await new FakeGhost().start();
    try {
      for (const seed of seeds) {
        reset(ghost);
        const ops = generate(seed, { wide: WIDE });
        const log: string[] = [];
        try {
          await runSequence(ops, fakeSite(ghost), (s) => log.push(s), { wide: WIDE });
        } catch (e) {
          if (!(e instanceof Violation)) { throw e; }
          const minimal = await shrink(ops, async (o) => !!(await fails(o)));
          assert.fail(`WORKFLOW_SEED=${seed}: ${e.message}\nminimal sequence (${minimal.length} steps): ${JSON.stringify(minimal)}\n${log.join('\n')}`);
        }
      }
    } finally {
      await ghost.stop();
    }
  });

  for (const r of REGRESSIONS) {
    it(`regression: ${r.name}`, async () => {
      const v = await fails(r.ops);
      assert.equal(v, undefined, v?.message);
    });
  }

  // Found by the wide model (each failed until its defect was fixed).
  for (const r of FOUND_REGRESSIONS) {
    it(`regression (${r.defect}, seed ${r.seed}): ${r.name}`, async () => {
      const v = await fails(r.ops, true);
      assert.equal(v, undefined, v?.message);
    });
  }

  it('the oracle catches a push that overwrites an edit made in Ghost', async () => {
    // Proven on a real overwrite: a forced push. Declared, it is allowed; hidden from the oracle,
    // the same run is a violation naming the lost word.
    const ops: Op[] = [
      { op: 'write', c: 0, f: 'a.md' }, { op: 'push', c: 0, f: 'a.md', again: false },
      { op: 'editGhost', post: 0, part: 'body' }, { op: 'editFile', c: 0, f: 'a.md', part: 'body' },
      { op: 'push', c: 0, f: 'a.md', again: false, force: true },
    ];
    assert.equal(await fails(ops), undefined);
    const ghost = await new FakeGhost().start();
    try {
      await assert.rejects(runSequence(ops, fakeSite(ghost), () => undefined, { forceAllowsLoss: false }),
        (e: Error) => e instanceof Violation && /words w2x were removed from post/.test(e.message));
    } finally {
      await ghost.stop();
    }
  });

  it('the oracle catches email nobody asked for, and allows a confirmed send', async () => {
    // Proven on a real send: Publish… with the newsletter picked and confirmed. Declared, it is
    // allowed; hidden from the oracle, the same run is a violation.
    const ops: Op[] = [
      { op: 'write', c: 0, f: 'a.md' }, { op: 'frontMatter', c: 0, f: 'a.md', what: 'newsletter' },
      { op: 'vscode', c: 0, f: 'a.md', cmd: 'push' }, { op: 'vscode', c: 0, f: 'a.md', cmd: 'publish', send: true },
    ];
    assert.equal(await fails(ops, true), undefined);
    const ghost = await new FakeGhost().start();
    try {
      await assert.rejects(runSequence(ops, fakeSite(ghost, true), () => undefined, { wide: true, sendsAsked: false }),
        (e: Error) => e instanceof Violation && /could send email, but no confirmed send asked for one/.test(e.message));
    } finally {
      await ghost.stop();
    }
  });

  it('the oracle catches a date the writer did not mean: the file’s date read in another zone than the site’s', async () => {
    // A zone-less published_at is the site's time (New York here): right, no violation; an oracle
    // told the site is in Tokyo sees the same push as a date nobody meant.
    const ops: Op[] = [
      { op: 'write', c: 0, f: 'a.md' }, { op: 'frontMatter', c: 0, f: 'a.md', what: 'date', month: 7, hour: 9 },
      { op: 'push', c: 0, f: 'a.md', again: false, status: 'published' },
    ];
    assert.equal(await fails(ops, true), undefined);
    const ghost = await new FakeGhost().start();
    try {
      await assert.rejects(runSequence(ops, { ...fakeSite(ghost, true), timezone: 'Asia/Tokyo' }, () => undefined, { wide: true }),
        (e: Error) => e instanceof Violation && /was given the date .* but the writer meant/.test(e.message));
    } finally {
      await ghost.stop();
    }
  });
});
