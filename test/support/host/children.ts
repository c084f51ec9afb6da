/**
 * Process groups this process started and must not leave behind. code-server forks a server
 * process and extension hosts; killing only its first PID would orphan them, so each server is
 * started as its own process group and the whole group is signalled.
 */
import * as fs from 'node:fs';

/** Process group leader → the scratch directory to remove with it. */
const groups = new Map<number, string | undefined>();
let installed = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function killAll(): void {
  for (const [g, scratch] of groups) {
    killGroup(g, 'SIGKILL');
    if (scratch !== undefined) { fs.rmSync(scratch, { recursive: true, force: true }); }
  }
  groups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Keep the default meaning of the signal (terminate) unless someone else also listens for it.
  if (process.listenerCount(signal) === 1) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
}

export function trackGroup(pgid: number, scratch?: string): void {
  groups.set(pgid, scratch);
  if (installed) { return; }
  installed = true;
  process.on('exit', killAll);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) { process.on(s, onSignal); }
}

export function untrackGroup(pgid: number): void {
  groups.delete(pgid);
}

export { killGroup };
