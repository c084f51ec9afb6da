/**
 * Mocha root hooks for the e2e tier: real Ghost servers are installed (cached), started and set
 * up before the first test, and stopped by PID after the last, also when tests fail.
 */
import { ensureGhost } from '../support/ghost/install';
import { startGhost, stopAll } from '../support/ghost/server';
import { MAJORS, register } from './servers';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    // A cold machine installs Ghost here (on two busy cores, both versions took 34 minutes); a
    // warm one only starts it (seconds).
    this.timeout(50 * 60_000);
    // Installs one after the other: each builds native code and the machine has two cores.
    for (const major of MAJORS) { await ensureGhost(major); }
    const servers = await Promise.all(MAJORS.map((major) => startGhost({ major })));
    servers.forEach(register);
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await stopAll();
  },
};
