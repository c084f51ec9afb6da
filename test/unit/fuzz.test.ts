/**
 * At least 10,000 generated inputs per run, seeded and reproducible (FUZZ_SEED=n replays a run):
 * no crash, no unhandled rejection, no hang, and every rejection says what is wrong. Markdown is
 * also checked against an oracle: no word a reader of markdown-it's HTML sees (nor a link's
 * address) is missing from the post that is sent. A failing Markdown case is shrunk (lines
 * dropped while it fails the same way) and reported with the original.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { shrink, type Family, type FuzzJob, type FuzzReport } from '../support/fuzz/worker';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
/** A case that makes no progress for this long is a hang. */
const HANG_MS = 20_000;

const JOBS: Array<{ family: Family; count: number }> = [
  { family: 'frontMatter', count: 3000 },
  { family: 'keys', count: 2000 },
  { family: 'urls', count: 2000 },
  { family: 'markdown', count: 2000 },
  { family: 'lexical', count: 8000 },
  { family: 'html', count: 1000 },
];

function runJob(job: FuzzJob, hangMs = HANG_MS): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, '../support/fuzz/worker.js'), { workerData: job });
    let last = -1;
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`${job.family}: case ${last} (seed ${job.seed}) made no progress for ${hangMs / 1000} s: a hang`));
      }, hangMs);
    };
    arm();
    worker.on('message', (m: { progress?: number; report?: FuzzReport }) => {
      if (m.report) { clearTimeout(timer); void worker.terminate(); resolve(m.report); return; }
      last = m.progress ?? last;
      arm();
    });
    worker.on('error', (e) => { clearTimeout(timer); reject(new Error(`${job.family}: the worker died at case ${last} (seed ${job.seed}): ${e.message}`)); });
  });
}

describe(`generated hostile input (seed ${SEED})`, function () {
  this.timeout(300_000);
  const reports: FuzzReport[] = [];

  after(() => {
    const total = reports.reduce((n, r) => n + r.cases, 0);
    console.log(`      fuzz: ${total} inputs (${reports.map((r) => `${r.family} ${r.cases}: ${r.accepted} accepted, ${r.rejected} rejected, slowest ${r.slowestMs.toFixed(0)} ms`).join('; ')})`);
  });

  for (const [i, job] of JOBS.entries()) {
    it(`${job.count} ${job.family} inputs: no crash, no unhandled rejection, no hang, every rejection explained`, async () => {
      const r = await runJob({ ...job, seed: SEED + i });
      reports.push(r);
      assert.equal(r.cases, job.count);
      assert.deepEqual(r.crashes, [], `crashes (replay with FUZZ_SEED=${SEED})`);
      assert.equal(r.unhandled, 0, 'unhandled rejections');
      assert.deepEqual(r.unnamed, [], 'rejections that do not say what is wrong');
    });
  }

  it('the harness itself sees crashes, unexplained rejections, unhandled rejections and hangs', async () => {
    const r = await runJob({ family: 'canary', seed: 1, count: 240 });
    assert.deepEqual(r.crashes.map((c) => c.index), [99, 199]);
    assert.deepEqual(r.unnamed.map((c) => c.index), [0, 100, 200]);
    assert.ok(r.unhandled > 0, 'unhandled rejections went unseen');
    await assert.rejects(runJob({ family: 'canary', seed: 1, count: 260 }, 1000), /case 249 .* a hang/);
  });

  it('shrinks a failing case to the lines that make it fail', () => {
    const input = ['a', 'b', 'c', 'KEY one', 'd', 'e', 'KEY two', 'f', 'g', 'h'].join('\n');
    const fails = (s: string) => s.includes('KEY one') && s.includes('KEY two');
    assert.equal(shrink(input, fails), 'KEY one\nKEY two');
    // Within its budget of tries, what it has is still a failing case.
    const partial = shrink(input, fails, 3);
    assert.ok(fails(partial) && partial.length < input.length, partial);
  });

  it('covers at least 10,000 inputs, and 10,000 documents through both directions (Markdown ⇄ Lexical)', () => {
    assert.ok(JOBS.reduce((n, j) => n + j.count, 0) >= 10_000);
    assert.ok(JOBS.filter((j) => j.family === 'markdown' || j.family === 'lexical').reduce((n, j) => n + j.count, 0) >= 10_000);
  });
});
