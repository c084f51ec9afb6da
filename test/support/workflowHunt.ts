/**
 * Runs the wide workflow model over many seeds on the fake Ghost and keeps going after a failure:
 * one JSON line per failing seed (its violation, and the sequence shrunk), then a summary.
 *   node out/test/support/workflowHunt.js FROM COUNT   (HUNT_SEEDS=3,17 for chosen seeds; HUNT_SHRINK_PER_KIND=3)
 */
import { FakeGhost } from './fake/fakeGhost';
import { generate, runSequence, shrink, Violation, type Op } from './workflow';
import { fakeSite } from './workflowFake';

async function once(ops: Op[]): Promise<Violation | undefined> {
  const ghost = await new FakeGhost().start();
  try {
    await runSequence(ops, fakeSite(ghost, true), () => undefined, { wide: true });
    return undefined;
  } catch (e) {
    if (e instanceof Violation) { return e; }
    return new Violation(`crash: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  } finally {
    await ghost.stop();
  }
}

async function main(): Promise<void> {
  const from = Number(process.argv[2] ?? 1);
  const count = Number(process.argv[3] ?? 100);
  const started = Date.now();
  let failed = 0;
  // Each kind of violation (ids, words and steps aside) is shrunk for its first few seeds only.
  const kinds = new Map<string, number>();
  const kindOf = (m: string) => m.replace(/^step \d+ \(.*?\): /, '').replace(/[0-9a-f]{24}/g, 'ID').replace(/\bw\d+x\b/g, 'W').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE').replace(/\d+/g, 'N');
  // HUNT_SEEDS=3,17: only those seeds.
  const seeds = process.env.HUNT_SEEDS ? process.env.HUNT_SEEDS.split(',').map(Number) : Array.from({ length: count }, (_, i) => from + i);
  for (const seed of seeds) {
    const ops = generate(seed, { wide: true });
    const v = await once(ops);
    if (!v) { continue; }
    failed++;
    const kind = kindOf(v.message);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if ((kinds.get(kind) ?? 0) > Number(process.env.HUNT_SHRINK_PER_KIND ?? 3)) {
      process.stdout.write(`${JSON.stringify({ seed, violation: v.message, length: ops.length })}\n`);
      continue;
    }
    // Shrunk to a sequence failing the same way (another broken promise met on the way is another finding).
    const minimal = await shrink(ops, async (o) => { const w = await once(o); return !!w && kindOf(w.message) === kind; });
    const again = await once(minimal);
    process.stdout.write(`${JSON.stringify({ seed, violation: v.message, length: ops.length, shrunk: minimal.length, shrunkViolation: again?.message, ops: minimal })}\n`);
  }
  process.stdout.write(`${JSON.stringify({ from, count, failed, ms: Date.now() - started, kinds: Object.fromEntries(kinds) })}\n`);
}

void main();
