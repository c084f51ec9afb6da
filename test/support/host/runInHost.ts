/**
 * Runs extension tests the standard way, through @vscode/test-electron's runTests(), in a real
 * VS Code 1.139 extension host: the "VS Code executable" is our code-shim (code-server + Chromium).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ensureCodeServer } from './install';

export interface RunInHostOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  env?: Record<string, string>;
}

/** The shim ships as source; compiled output lands elsewhere, so find it from either place. */
export function shimPath(): string {
  const candidates = [
    path.join(__dirname, 'code-shim'),
    path.resolve(__dirname, '../../../../test/support/host/code-shim'),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found === undefined) { throw new Error(`code-shim not found (looked in ${candidates.join(', ')})`); }
  return found;
}

/** Resolves with the extension host's exit code: 0 when every test passed. */
export async function runInHost(opts: RunInHostOptions): Promise<number> {
  // Installing here, not in the shim, keeps a cold install's minutes out of the test run's timeout.
  await ensureCodeServer();
  // runTests would otherwise default both to .vscode-test/ under the current directory.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-run-'));
  try {
    return await runTests({
      vscodeExecutablePath: shimPath(),
      extensionDevelopmentPath: path.resolve(opts.extensionDevelopmentPath),
      extensionTestsPath: path.resolve(opts.extensionTestsPath),
      launchArgs: [
        path.resolve(opts.workspace),
        `--user-data-dir=${path.join(profile, 'user-data')}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`,
      ],
      extensionTestsEnv: { GHOST_AUTHOR_HOST_WORKSPACE: path.resolve(opts.workspace), ...opts.env },
    });
  } catch (e) {
    // runTests rejects on a non-zero exit; callers want the code, as they would get from a process.
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') { return code; }
    throw e;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
