/** The harness's progress lines go to stderr so they never mix with a command's output. */
export function log(msg: string): void {
  process.stderr.write(`[harness] ${msg}\n`);
}
