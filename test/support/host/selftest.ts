/**
 * Checks the host harness end to end: `node out/test/support/host/selftest.js [extensionDir]`.
 * Without an argument it uses the project itself when it has been built (dist/extension.js),
 * else a minimal throwaway extension, so it works before src/ does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInHost } from './runInHost';

const root = path.resolve(__dirname, '../../../..');

function throwawayExtension(dir: string): string {
  const ext = path.join(dir, 'extension');
  fs.mkdirSync(ext, { recursive: true });
  fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify({
    name: 'host-harness-probe', publisher: 'ghost-author', version: '0.0.0',
    engines: { vscode: '^1.90.0' }, main: './extension.js', activationEvents: ['*'],
  }));
  fs.writeFileSync(path.join(ext, 'extension.js'), 'exports.activate = () => {};\n');
  return ext;
}

async function main(): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-selftest-'));
  try {
    const workspace = path.join(scratch, 'workspace');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'hello.md'), '# Hello\n');
    const extension = process.argv[2] !== undefined ? path.resolve(process.argv[2])
      : fs.existsSync(path.join(root, 'dist', 'extension.js')) ? root : throwawayExtension(scratch);
    const started = Date.now();
    const code = await runInHost({
      extensionDevelopmentPath: extension,
      extensionTestsPath: path.join(root, 'out', 'test', 'host', 'index.js'),
      workspace,
      // Only the harness's own suite: the extension's suites need a Ghost server.
      env: { GHOST_AUTHOR_HOST_PROBE: `probe-${process.pid}`, GHOST_AUTHOR_HOST_GREP: '^host harness ' },
    });
    console.log(`host tests exited ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => { process.exit(code); }, (e: unknown) => { console.error(e); process.exit(1); });
