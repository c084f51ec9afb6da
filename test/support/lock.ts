/**
 * A cross-process lock on a directory name. once() alone is not safe when two runs (two terminals,
 * or runInHost and the shim it spawns) install the same thing at the same moment: the second would
 * delete the first one's half-finished work.
 */
import * as fs from 'node:fs';
import { log } from './log';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM means the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(lockDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(`${lockDir}/pid`, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  let announced = false;
  let unknownSince = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(`${lockDir}/pid`, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') { throw e; }
    }
    const pid = holder(lockDir);
    if (pid === undefined) {
      // The holder may be between mkdir and writing its pid; only a lock that stays anonymous is stale.
      unknownSince ||= Date.now();
      if (Date.now() - unknownSince > 10_000) { fs.rmSync(lockDir, { recursive: true, force: true }); }
    } else if (!alive(pid)) {
      log(`removing stale lock ${lockDir} (pid ${pid} is gone)`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    } else {
      unknownSince = 0;
      if (!announced) { log(`waiting for pid ${pid} to release ${lockDir}`); announced = true; }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
