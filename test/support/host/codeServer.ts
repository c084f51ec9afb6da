/**
 * A real VS Code (code-server, VS Code 1.139 for the browser with a Node extension host) and a
 * headless Chromium showing its workbench. See docs: real-hosts.md.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { freePort, log } from '../cache';
import { killGroup, trackGroup, untrackGroup } from './children';
import { ensureCodeServer } from './install';

export interface CodeServerOptions {
  workspace: string;
  /** Loaded as an extension under development by workbenches opened with openWorkbench(). */
  extensionDevelopmentPath?: string;
  /** Used as --extensions-dir: extensions installed there (e.g. from a .vsix) load with the built-ins. */
  extraExtensionsDir?: string;
  /** Added to code-server's environment, which its extension hosts inherit. */
  env?: NodeJS.ProcessEnv;
  userDataDir?: string;
  /** User settings, over defaults that keep a headless workbench quiet and offline. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  workspace: string;
  extensionDevelopmentPath?: string;
  userDataDir: string;
  /** code-server's own stdout and stderr. */
  logFile: string;
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  // The built-in Copilot/chat extensions otherwise keep trying to reach the network.
  'chat.disableAIFeatures': true,
  // Its empty chat panel would otherwise take a third of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const READY_TIMEOUT_MS = 60_000;

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** The inherited environment minus what would make VS Code talk to the VS Code this was run from. */
function cleanEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') { continue; }
    env[k] = v;
  }
  return env;
}

async function waitForHttp(url: string, exited: () => string | undefined, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const gone = exited();
    if (gone !== undefined) {
      throw new Error(`code-server exited (${gone}) before answering HTTP; its output:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status < 500) { return; }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`code-server did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s; its output:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const cs = await ensureCodeServer();
  const port = await freePort();
  // Short on purpose: code-server puts a Unix socket in here, and socket paths are limited to 107 bytes.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-host-'));
  const userDataDir = opts.userDataDir ?? path.join(scratch, 'user-data');
  const extensionsDir = opts.extraExtensionsDir ?? path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const existing = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown> : {};
  fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...existing, ...opts.settings }, null, 2));

  const logFile = path.join(scratch, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    '--require', path.join(__dirname, 'parentWatch.js'),
    cs.bin,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // Its default would be created under ~/.config/code-server.
    '--config', path.join(scratch, 'config.yaml'),
    '--session-socket', path.join(scratch, 's.sock'),
    // Without this the built workbench ignores the URL's `payload` (extension development and tests).
    '--vscode-option', 'enable-smoke-test-driver',
    opts.workspace,
  ];
  const env = {
    ...cleanEnv(process.env),
    ...opts.env,
    PATH: `${path.dirname(cs.node.bin)}:${opts.env?.PATH ?? process.env.PATH ?? ''}`,
    GHOST_AUTHOR_PARENT_PID: String(process.pid),
    GHOST_AUTHOR_SCRATCH: scratch,
  };
  const child = spawn(cs.node.bin, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${cs.node.bin}`);
  }
  trackGroup(pid, scratch);
  let exitStatus: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => { exitStatus = String(signal ?? code); resolve(); });
  });
  child.on('error', (e) => { exitStatus = e.message; });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroup(pid, 'SIGTERM');
      const timer = new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref());
      await Promise.race([exited.then(() => true), timer]);
      // The extension host may outlive the server process; the group takes it too.
      killGroup(pid, 'SIGKILL');
      untrackGroup(pid);
      fs.rmSync(scratch, { recursive: true, force: true });
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, () => exitStatus, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  log(`code-server ${url} (pid ${pid}) serving ${opts.workspace}`);
  return { url, port, pid, workspace: opts.workspace, extensionDevelopmentPath: opts.extensionDevelopmentPath, userDataDir, logFile, stop };
}

/** How a path on the code-server machine is named inside its workbench. */
export function remoteUri(serverUrl: string, absPath: string): string {
  const { host } = new URL(serverUrl);
  return `vscode-remote://${host}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(candidate)) {
    throw new Error(`Chromium not found at ${candidate}. Install it with \`apt-get install -y chromium\`, `
      + 'or set CHROMIUM to the path of a Chromium or Chrome binary.');
  }
  return candidate;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export type Payload = Array<[string, string]>;

export interface WorkbenchLog { relativePath: string; contents: string }

export interface WorkbenchOptions {
  /** A folder (or a .code-workspace file) on the code-server machine. */
  folder?: string;
  /** Entries for the workbench's `payload` URL parameter; extensionDevelopmentPath is added from the server's options. */
  payload?: Payload;
  /**
   * The workbench's log, formatted: it carries the extension host's console when tests run, mixed
   * with the workbench's own messages (nothing tells them apart).
   */
  onLog?: (level: string, message: string) => void;
  /** Called when an extension test run ends, with the extension host's exit code and the workbench's log files. */
  onExit?: (code: number, logs: WorkbenchLog[]) => void;
  viewport?: { width: number; height: number };
  /** How long to wait for the workbench to render; default 90 s. */
  loadTimeoutMs?: number;
  /**
   * Keep the browser profile here instead of a throwaway one. In code-server an extension's
   * SecretStorage and globalState live in the browser, not on the server, so they survive from
   * one openWorkbench() to the next only through the same profile directory.
   */
  browserProfileDir?: string;
}

export interface Workbench {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export function workbenchUrl(server: { url: string; extensionDevelopmentPath?: string }, opts: Pick<WorkbenchOptions, 'folder' | 'payload'>): string {
  const payload: Payload = [...(opts.payload ?? [])];
  if (server.extensionDevelopmentPath !== undefined && !payload.some(([k]) => k === 'extensionDevelopmentPath')) {
    payload.unshift(['extensionDevelopmentPath', remoteUri(server.url, path.resolve(server.extensionDevelopmentPath))]);
  }
  const params = new URLSearchParams();
  if (opts.folder !== undefined) {
    params.set(opts.folder.endsWith('.code-workspace') ? 'workspace' : 'folder', path.resolve(opts.folder));
  }
  if (payload.length > 0) { params.set('payload', JSON.stringify(payload)); }
  return `${server.url}/?${params.toString()}`;
}

export async function openWorkbench(server: { url: string; extensionDevelopmentPath?: string }, opts: WorkbenchOptions = {}): Promise<Workbench> {
  const { chromium } = await import('playwright-core');
  const launch = { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS };
  const viewport = opts.viewport ?? { width: 1280, height: 800 };
  let context: BrowserContext;
  if (opts.browserProfileDir !== undefined) {
    context = await chromium.launchPersistentContext(opts.browserProfileDir, { ...launch, viewport });
  } else {
    // A new context in a fresh browser is a throwaway profile: no state leaks between runs.
    const browser = await chromium.launch(launch);
    context = await browser.newContext({ viewport }).catch(async (e: unknown) => { await browser.close(); throw e; });
    context.on('close', () => { void browser.close(); });
  }
  const close = async (): Promise<void> => {
    const browser = context.browser();
    await context.close();
    await browser?.close();
  };
  try {
    const page = context.pages()[0] ?? await context.newPage();
    // The workbench hands over console-style arguments (a format string first), as for console.log.
    await page.exposeFunction('codeAutomationLog', (level: unknown, args: unknown) => {
      opts.onLog?.(String(level), Array.isArray(args) ? format(...args as unknown[]) : String(args));
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) => {
      opts.onExit?.(typeof code === 'number' ? code : 1, Array.isArray(logs) ? logs as WorkbenchLog[] : []);
    });
    const url = workbenchUrl(server, opts);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const timeout = opts.loadTimeoutMs ?? 90_000;
    await page.waitForSelector('.monaco-workbench', { timeout }).catch((e: unknown) => {
      throw new Error(`the workbench at ${url} did not load within ${timeout / 1000} s: ${(e as Error).message}`);
    });
    return { context, page, close };
  } catch (e) {
    await close();
    throw e;
  }
}
