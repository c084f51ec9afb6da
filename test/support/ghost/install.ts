/**
 * Real Ghost servers from the npm registry, installed once into the cache: Ghost 6 (latest) on
 * Node 22 with pnpm, Ghost 5 (the last 5.x) on Node 20 with yarn 1. Their SQLite drivers are
 * native modules, built here with node-gyp because prebuilt binaries cannot be downloaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, ensureNode, log, nodeEnv, once, run } from '../cache';

export type GhostMajor = 5 | 6;

export const GHOST_VERSIONS: Record<GhostMajor, string> = { 6: '6.65.0', 5: '5.130.4' };
const TOOLS = ['pnpm@12.4.2', 'yarn@1.22.22', 'node-gyp@11.5.0'];

export interface GhostInstall {
  version: string;
  /** The unpacked package, where `index.js` starts Ghost. */
  dir: string;
  /** The Node that runs it. */
  node: string;
  /** The environment it runs in (its Node first on PATH). */
  env: NodeJS.ProcessEnv;
}

/** pnpm, yarn and node-gyp (pnpm looks for node-gyp on PATH to build native modules). */
async function ensureTools(): Promise<string> {
  const dir = path.join(cacheRoot(), 'tools-1');
  await once(dir, async (tmp) => {
    log('installing pnpm, yarn and node-gyp');
    await run('npm', ['install', '--prefix', tmp, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', ...TOOLS]);
  });
  return path.join(dir, 'node_modules', '.bin');
}

function sqliteBinary(dir: string, major: GhostMajor): string | undefined {
  const name = major === 6 ? 'better_sqlite3.node' : 'node_sqlite3.node';
  const stack = [path.join(dir, 'node_modules')];
  while (stack.length) {
    const d = stack.pop() as string;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isFile() && e.name === name && p.includes(`${path.sep}build${path.sep}Release${path.sep}`)) { return p; }
      if (e.isDirectory() && !e.isSymbolicLink()) { stack.push(p); }
    }
  }
  return undefined;
}

export async function ensureGhost(major: GhostMajor): Promise<GhostInstall> {
  const version = GHOST_VERSIONS[major];
  const dir = path.join(cacheRoot(), `ghost-${version}`);
  const node = major === 6 ? await ensureNode(22) : { bin: process.execPath, dir: path.resolve(path.dirname(process.execPath), '..') };
  const tools = await ensureTools();
  const env = nodeEnv(node, { PATH: `${tools}:${path.dirname(node.bin)}:${process.env.PATH ?? ''}` });
  if (major === 5 && !process.version.startsWith('v20.')) {
    throw new Error(`Ghost 5 runs on Node 20; the harness runs on ${process.version}.`);
  }
  await once(dir, async (tmp) => {
    const logFile = path.join(cacheRoot(), `ghost-${version}-install.log`);
    const started = Date.now();
    log(`installing Ghost ${version} into ${dir} (a few minutes; log ${logFile})`);
    await run('npm', ['pack', `ghost@${version}`, '--pack-destination', tmp], { cwd: tmp, env, logFile });
    const tarball = path.join(tmp, `ghost-${version}.tgz`);
    await run('tar', ['-xzf', tarball, '-C', tmp], { logFile });
    fs.rmSync(tarball);
    const pkgDir = path.join(tmp, 'package');
    if (major === 6) {
      // pnpm's own bin is a native launcher its (blocked) install script would set up: run its JS entry.
      await run(node.bin, [path.join(tools, '..', 'pnpm', 'bin', 'pnpm.mjs'), 'install', '--prod', '--frozen-lockfile', `--store-dir=${path.join(cacheRoot(), 'pnpm-store')}`],
        { cwd: pkgDir, env, logFile });
    } else {
      // Ghost 5's devDependencies name git hosts yarn cannot reach here; production needs none of them.
      const pkgFile = path.join(pkgDir, 'package.json');
      const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
      delete pkg.devDependencies;
      fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
      await run(path.join(tools, 'yarn'), ['install', '--production', '--pure-lockfile', '--non-interactive', '--network-timeout', '600000',
        `--cache-folder=${path.join(cacheRoot(), 'yarn-cache')}`], { cwd: pkgDir, env, logFile });
    }
    if (!sqliteBinary(pkgDir, major)) {
      throw new Error(`Ghost ${version} installed, but its SQLite driver was not built; see ${logFile}.`);
    }
    log(`Ghost ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  return { version, dir: path.join(dir, 'package'), node: node.bin, env };
}
