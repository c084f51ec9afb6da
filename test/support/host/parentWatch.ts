/**
 * Preloaded into code-server (`node --require`). The harness kills code-server's process group
 * when it exits normally or on a signal, but not when it is SIGKILLed or crashes; then this takes
 * the group down itself instead of leaving a server and an extension host running.
 */
import * as fs from 'node:fs';

const expected = process.env.GHOST_AUTHOR_PARENT_PID;
const scratch = process.env.GHOST_AUTHOR_SCRATCH;
// Only the first process acts: code-server's forks inherit --require, not these variables.
delete process.env.GHOST_AUTHOR_PARENT_PID;
delete process.env.GHOST_AUTHOR_SCRATCH;
if (expected !== undefined && String(process.ppid) === expected) {
  setInterval(() => {
    if (String(process.ppid) !== expected) {
      try {
        if (scratch !== undefined) { fs.rmSync(scratch, { recursive: true, force: true }); }
        process.kill(-process.pid, 'SIGKILL');
      } finally {
        process.exit(1);
      }
    }
  }, 1000).unref();
}
