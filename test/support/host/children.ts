/**
 * Process groups this process started and must not leave behind. code-server forks a server
 * process and extension hosts; killing only its first PID would orphan them, so each server is
 * started as its own process group and the whole group is signalled.
 */
const groups = new Set<number>();
let installed = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function onSignal(signal: NodeJS.Signals): void {
  for (const g of groups) { killGroup(g, 'SIGKILL'); }
  groups.clear();
  // Keep the default meaning of the signal (terminate) unless someone else also listens for it.
  if (process.listenerCount(signal) === 1) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
}

export function trackGroup(pgid: number): void {
  groups.add(pgid);
  if (installed) { return; }
  installed = true;
  process.on('exit', () => { for (const g of groups) { killGroup(g, 'SIGKILL'); } });
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) { process.on(s, onSignal); }
}

export function untrackGroup(pgid: number): void {
  groups.delete(pgid);
}

export { killGroup };
