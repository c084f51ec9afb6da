import { main as cli } from '../../src/cli';

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
