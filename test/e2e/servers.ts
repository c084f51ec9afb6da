/**
 * The real Ghost servers of an e2e run. Mocha builds suites before hooks run, so suites loop
 * over MAJORS and ask for their server inside tests; hooks.ts starts and stops them.
 */
import type { GhostMajor } from '../support/ghost/install';
import type { GhostServer } from '../support/ghost/server';

/** Which Ghost majors to test: GHOST_AUTHOR_E2E_MAJORS=6 (or 5, or 6,5) narrows a run. */
export const MAJORS: GhostMajor[] = (process.env.GHOST_AUTHOR_E2E_MAJORS ?? '6,5')
  .split(',').map((s) => Number(s.trim())).filter((n): n is GhostMajor => n === 5 || n === 6);

const started = new Map<GhostMajor, GhostServer>();

export function register(server: GhostServer): void {
  started.set(server.major, server);
}

export function server(major: GhostMajor): GhostServer {
  const s = started.get(major);
  if (!s) { throw new Error(`Ghost ${major} was not started (see the e2e hooks' output)`); }
  return s;
}

export function all(): GhostServer[] {
  return [...started.values()];
}
