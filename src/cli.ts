// The ghost-author CLI: parses the arguments and runs the command's module under src/cli/ (one per
// command, as src/commands/ is for VS Code), turning usage errors and failures into exit codes. It
// does no command's work itself.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connectKnown, KnownSites } from './core/publish/knownSites';
import { errorMessage, GhostAuthorError } from './core/ghost/errors';
import { Redactor } from './core/redact';
import { USER_AGENT } from './core/version';
import * as check from './cli/check';
import * as email from './cli/email';
import * as folder from './cli/folder';
import * as list from './cli/list';
import * as previewLink from './cli/previewLink';
import * as publish from './cli/publish';
import * as pull from './cli/pull';
import { render } from './cli/render';
import { redirects } from './cli/redirects';
import { EXIT, OPTIONS, stderrLogger, USAGE, UsageError, type CommandContext } from './cli/shared';

export { EXIT } from './cli/shared';
export { publishOne } from './cli/publish';
export { pullToFile } from './cli/pull';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (s: string) => void = (s) => process.stdout.write(s), redactor = new Redactor()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: OPTIONS,
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    out(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (command === 'render') {
    return render(positionals.slice(1), values.render, out);
  }
  if (command === 'redirects') { return redirects(positionals.slice(1), values.output, out); }
  let sites: KnownSites | undefined;
  const url = values.url ?? env.GHOST_URL;
  const key = values.key ?? env.GHOST_ADMIN_API_KEY;
  redactor.add(key);
  redactor.add(key?.split(':')[1]);
  try {
    if (!url || !key) {
      throw new UsageError('Set GHOST_URL and GHOST_ADMIN_API_KEY (or pass --url and --key).');
    }
    const logger = stderrLogger(values.verbose ?? false, redactor);
    // What connecting learns is kept beside the state for a day: a run asks the site only what it must.
    sites = KnownSites.under(path.resolve(values.state ?? '.'), logger);
    const known = sites;
    const connect = (fresh?: boolean) => connectKnown(url, key, { userAgent: USER_AGENT, logger, sites: known, fresh });
    const cmd: CommandContext = { command, values, positionals, env, out, redactor, url, key, logger, connect };
    switch (command) {
      case 'check':
        return await check.run(cmd);
      case 'list':
        return await list.run(cmd);
      case 'publish':
        return await publish.run(cmd);
      case 'pull':
        return await pull.run(cmd);
      case 'email-preview':
      case 'test-email':
        return await email.run(cmd);
      case 'preview-link':
        return await previewLink.run(cmd);
      case 'status':
      case 'sync':
        return await folder.run(cmd);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    if (!GhostAuthorError.is(e) && e instanceof Error && e.stack && values.verbose) {
      process.stderr.write(`${redactor.redact(e.stack)}\n`);
    }
    return EXIT.error;
  } finally {
    // What this run learnt (a time zone read, an entry dropped) is on disk before it ends.
    await sites?.settled();
  }
}

if (require.main === module) {
  const redactor = new Redactor();
  main(process.argv.slice(2), process.env, (s) => process.stdout.write(s), redactor).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    process.exitCode = EXIT.error;
  });
}
