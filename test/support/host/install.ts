/**
 * code-server from the npm registry: the only VS Code build these machines can install (no
 * desktop VS Code or Electron download is reachable). Installed once into the cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NODE_VERSIONS, cacheRoot, ensureNode, log, nodeEnv, once, run } from '../cache';

export const CODE_SERVER_VERSION = '4.139.1';

export interface CodeServerInstall {
  /** code-server's entry script; run it with `node.bin`, since it refuses other Node majors. */
  bin: string;
  node: { bin: string; dir: string };
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && fs.existsSync(path.join(d, cmd)));
}

/** Fails early and readably instead of 2 minutes into a node-gyp build. */
function checkBuildPrerequisites(): void {
  const missing: string[] = [];
  if (!onPath('python3')) { missing.push('python3'); }
  if (!onPath('make')) { missing.push('make'); }
  if (!onPath('g++') && !onPath('c++')) { missing.push('g++'); }
  // VS Code's `kerberos` dependency compiles against GSSAPI and has no prebuilt binary.
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config')) { missing.push('libkrb5-dev'); }
  if (missing.length > 0) {
    throw new Error(`building code-server's native modules needs: ${missing.join(', ')}. `
      + `Install them with: apt-get install -y ${missing.join(' ').replace('g++', 'build-essential')}`);
  }
}

export async function ensureCodeServer(): Promise<CodeServerInstall> {
  const dir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const bin = path.join(dir, 'package', 'out', 'node', 'entry.js');
  const ready = (d: string): boolean => fs.existsSync(path.join(d, '.complete'));
  if (ready(dir) && ready(path.join(cacheRoot(), `node-${NODE_VERSIONS[24]}`))) {
    return { bin, node: await ensureNode(24) };
  }
  const node = await ensureNode(24);
  await once(dir, async (tmp) => {
    checkBuildPrerequisites();
    const logFile = path.join(cacheRoot(), 'code-server-install.log');
    log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (a few minutes; log ${logFile})`);
    const started = Date.now();
    // Node 24 first on PATH, so npm itself runs on it: postinstall.sh reads the Node major from
    // npm's user agent and refuses anything but 24; npm_config_nodedir makes node-gyp use its headers.
    const env = nodeEnv(node);
    await run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', tmp], { cwd: tmp, env, logFile });
    const tarball = path.join(tmp, `code-server-${CODE_SERVER_VERSION}.tgz`);
    await run('tar', ['-xzf', tarball, '-C', tmp], { logFile });
    fs.rmSync(tarball);
    // A plain `npm install code-server` would leave code-server's own postinstall to npm 11's
    // install-script policy, which holds back unapproved dependency scripts. Installing inside the
    // unpacked package makes that postinstall a root script, which always runs; it then installs
    // VS Code's dependencies, whose package.json files carry their own allowScripts lists.
    await run('npm', ['ci', '--omit=dev', '--foreground-scripts', '--no-audit', '--no-fund'],
      { cwd: path.join(tmp, 'package'), env, logFile });
    log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  return { bin, node };
}
