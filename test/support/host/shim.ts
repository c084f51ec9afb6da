/**
 * What `code-shim` runs. @vscode/test-electron's runTests() launches "a VS Code executable" with
 * Electron-style arguments and reports that process's exit code. No such executable can be
 * installed here, so this one accepts those arguments and runs the same tests in code-server,
 * with headless Chromium as the window.
 *
 * Exit codes: the extension host's own (0 = tests passed), 2 bad arguments, 3 the server or the
 * workbench did not come up, 124 timeout (GHOST_AUTHOR_HOST_TIMEOUT_MS, default 10 min).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, openWorkbench, remoteUri, startCodeServer, type CodeServer, type Workbench, type WorkbenchLog } from './codeServer';

export interface ShimArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  workspace?: string;
  ignored: string[];
}

/** Electron/desktop flags that take a value as the next argument when not written `--flag=value`. */
const VALUE_FLAGS = new Set([
  'extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'folder-uri',
  'file-uri', 'locale', 'logsPath', 'log', 'crash-reporter-directory', 'profile', 'inspect-extensions',
  'inspect-brk-extensions', 'remote', 'enable-proposed-api', 'disable-extension', 'sync',
]);

export function parseShimArgs(argv: string[], cwd = process.cwd()): ShimArgs {
  const out: ShimArgs = { extensionDevelopmentPaths: [], ignored: [] };
  const abs = (p: string): string => path.resolve(cwd, p);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      if (out.workspace === undefined) { out.workspace = abs(arg); } else { out.ignored.push(arg); }
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined && VALUE_FLAGS.has(name) && i + 1 < argv.length) {
      value = argv[++i];
    }
    switch (value === undefined ? '' : name) {
      case 'extensionDevelopmentPath': out.extensionDevelopmentPaths.push(abs(value ?? '')); break;
      case 'extensionTestsPath': out.extensionTestsPath = abs(value ?? ''); break;
      case 'user-data-dir': out.userDataDir = abs(value ?? ''); break;
      case 'extensions-dir': out.extensionsDir = abs(value ?? ''); break;
      case 'folder-uri': out.workspace ??= fileURLToPath(value ?? ''); break;
      default: out.ignored.push(value === undefined ? arg : `--${name}=${value}`);
    }
  }
  return out;
}

/** Flags that mean something only to desktop Electron; not worth a warning. */
const SILENT = /^--(no-sandbox|disable-gpu-sandbox|disable-gpu|disable-updates|skip-welcome|skip-release-notes|disable-workspace-trust|new-window|disable-telemetry|disable-chromium-sandbox)$/;

function say(msg: string): void {
  process.stderr.write(`[code-shim] ${msg}\n`);
}

function saveLogs(logs: WorkbenchLog[]): string | undefined {
  if (logs.length === 0) { return undefined; }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghost-author-host-logs-'));
  for (const l of logs) {
    const file = path.join(dir, path.normalize(l.relativePath).replace(/^(\.\.[/\\])+/, ''));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, l.contents);
  }
  return dir;
}

/**
 * The workbench's own chatter, which arrives through the same channel as the extension host's
 * console and cannot be told apart by level or label. Shown only with GHOST_AUTHOR_HOST_VERBOSE=1;
 * anything not listed is printed, so a change in VS Code's messages costs noise, not output.
 */
const CHATTER = [
  /^Resolving connection token/, /^Resolved connection token/, /^Creating a socket/,
  /^\[reconnection-grace-time\]/, /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/, /^\[AgentHost/, /^\[AccountPolicyGate\]/, /^\[driver\]/,
  // No extension gallery is reachable offline; the workbench still asks.
  /ENOTFOUND open-vsx\.org/,
];

export function isChatter(message: string): boolean {
  return CHATTER.some((re) => re.test(message));
}

export async function main(argv: string[]): Promise<number> {
  const args = parseShimArgs(argv);
  for (const a of args.ignored) {
    if (!SILENT.test(a)) { say(`ignoring ${a}`); }
  }
  if (args.extensionTestsPath === undefined || args.extensionDevelopmentPaths.length === 0) {
    // The workbench runs extensionTestsPath only in extension development mode.
    say('--extensionTestsPath and --extensionDevelopmentPath are required: this shim only runs extension tests');
    return 2;
  }
  try {
    // Before starting a server that would be of no use.
    chromiumPath();
  } catch (e) {
    say((e as Error).message);
    return 3;
  }
  const requested = Number(process.env.GHOST_AUTHOR_HOST_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(requested) && requested > 0 ? requested : 600_000;
  const verbose = process.env.GHOST_AUTHOR_HOST_VERBOSE === '1';
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let timer: NodeJS.Timeout | undefined;
  // code-server needs a folder to serve even when runTests gave none (an empty window).
  const emptyWorkspace = args.workspace === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'ghost-author-empty-')) : undefined;
  try {
    const done = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        say(`the extension tests did not finish within ${timeoutMs / 1000} s (GHOST_AUTHOR_HOST_TIMEOUT_MS)`);
        resolve(124);
      }, timeoutMs);
    });
    let finish: (code: number) => void = () => undefined;
    let ended = false;
    const exited = new Promise<number>((resolve) => { finish = (code) => { ended = true; resolve(code); }; });
    const started = (async (): Promise<number> => {
      const workspace = args.workspace ?? emptyWorkspace ?? '';
      try {
        server = await startCodeServer({
          workspace,
          userDataDir: args.userDataDir,
          extraExtensionsDir: args.extensionsDir,
          // runTests merged extensionTestsEnv into this process's environment.
          env: process.env,
        });
      } catch (e) {
        say(`code-server did not start: ${(e as Error).message}`);
        return 3;
      }
      const remote = (p: string): string => remoteUri(server?.url ?? '', p);
      const tests = args.extensionTestsPath ?? '';
      try {
        workbench = await openWorkbench(server, {
          folder: args.workspace,
          payload: [
            ...args.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', remote(p)]),
            ['extensionTestsPath', remote(tests)],
          ],
          onLog: (level, message) => {
            // Once the host has exited, only the workbench's complaints about losing it are left.
            if (ended && !verbose) { return; }
            if (verbose || !isChatter(message)) { process.stdout.write(`${level === 'error' || level === 'warn' ? `[${level}] ` : ''}${message}\n`); }
          },
          onExit: (code, logs) => {
            if (code !== 0) {
              const dir = saveLogs(logs);
              if (dir !== undefined) { say(`the workbench's logs are in ${dir}`); }
            }
            finish(code);
          },
        });
      } catch (e) {
        say(`${(e as Error).message}\ncode-server's output:\n${fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
        return 3;
      }
      workbench.page.on('crash', () => { say('the workbench page crashed'); finish(3); });
      return exited;
    })();
    const code = await Promise.race([started, done]);
    if (code === 124 && workbench !== undefined) {
      // What the window showed when time ran out (a modal dialog, an error notification) often says why.
      const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ghost-author-host-timeout-')), 'workbench.png');
      await workbench.page.screenshot({ path: shot }).then(() => say(`the workbench at timeout: ${shot}`), () => undefined);
    }
    return code;
  } finally {
    clearTimeout(timer);
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    if (emptyWorkspace !== undefined) { fs.rmSync(emptyWorkspace, { recursive: true, force: true }); }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exit(code); },
    (e: unknown) => { say(`failed: ${(e as Error).stack ?? String(e)}`); process.exit(1); },
  );
}
