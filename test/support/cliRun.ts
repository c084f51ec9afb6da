import { main as cli } from '../../src/cli';
import { Redactor } from '../../src/core/redact';

/**
 * Runs the CLI in-process from `dir`, as a CI job would, with `--verbose`: its exit code, what it
 * wrote to stderr, and how many requests it made (counted from its own request log).
 */
export async function runCli(dir: string, env: { GHOST_URL: string; GHOST_ADMIN_API_KEY: string }, ...args: string[]): Promise<{ code: number; err: string; requests: number }> {
  const cwd = process.cwd();
  const stderrWrite = process.stderr.write.bind(process.stderr);
  let err = '';
  process.stderr.write = ((chunk: string) => { err += chunk; return true; }) as typeof process.stderr.write;
  try {
    process.chdir(dir);
    const code = await cli([...args, '--verbose'], env, () => undefined);
    return { code, err, requests: (err.match(/^debug: (GET|POST|PUT|DELETE) /gm) ?? []).length };
  } finally {
    process.chdir(cwd);
    process.stderr.write = stderrWrite;
  }
}

/** A CLI run in this process with what it printed kept: `run` returns the exit code. */
export interface CliSession {
  readonly stdout: string;
  readonly stderr: string;
  run(...args: string[]): Promise<number>;
}

/**
 * Runs the CLI in-process (from the current folder) with `env()`, keeping what the last run wrote
 * to stdout and stderr, for tests that read its words rather than count its requests.
 */
export function cliSession(env: () => NodeJS.ProcessEnv): CliSession {
  const s = {
    stdout: '',
    stderr: '',
    async run(...args: string[]): Promise<number> {
      s.stdout = '';
      s.stderr = '';
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((c: string | Uint8Array) => { s.stderr += String(c); return true; }) as typeof process.stderr.write;
      try { return await cli(args, env(), (out) => { s.stdout += out; }, new Redactor(), async () => ''); } finally { process.stderr.write = write; }
    },
  };
  return s;
}
