// ghost-author lint: the pre-flight check of files and folders (see core/publish/lint.ts), each
// finding as `file:line: severity rule-id message`; --json for a list; GitHub annotations too when
// GITHUB_ACTIONS is set. Exit 1 when there is an error. It never contacts a site and writes no file.
import { errorMessage } from '../core/ghost/errors';
import { annotation, findingLine, lintPaths } from '../core/publish/lint';
import { printable } from '../core/printable';
import { EXIT, stateRoot } from './shared';

export async function lint(args: string[], json: boolean | undefined, env: NodeJS.ProcessEnv, out: (s: string) => void): Promise<number> {
  try {
    const root = stateRoot(undefined);
    const { findings, files } = await lintPaths(args.length ? args : ['.'], root);
    if (json) {
      out(`${JSON.stringify({ files, findings }, null, 2)}\n`);
    } else {
      // A file named like a workflow command (`::error …`) must not become one in a CI log.
      for (const f of findings) { out(`${printable(findingLine({ ...f, file: f.file.replace(/^::/, './::') }))}\n`); }
    }
    if (env.GITHUB_ACTIONS === 'true') { for (const f of findings) { out(`${annotation(f)}\n`); } }
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    process.stderr.write(`${files} file${files === 1 ? '' : 's'} checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s).\n`);
    return count('error') ? EXIT.error : EXIT.ok;
  } catch (e) {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    return EXIT.error;
  }
}
