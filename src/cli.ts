// The ghost-author CLI: parses the arguments and runs the command's module under src/cli/ (one per
// command, as src/commands/ is for VS Code), turning usage errors and failures into exit codes. It
// does no command's work itself.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connectKnown, KnownSites, knownKeyClient } from './core/publish/knownSites';
import { insecureWarning, isInsecure } from './core/ghost/connect';
import { parseSiteUrl } from './core/ghost/siteUrl';
import { errorMessage, GhostAuthorError } from './core/ghost/errors';
import { Redactor } from './core/redact';
import { USER_AGENT } from './core/version';
import * as check from './cli/check';
import * as email from './cli/email';
import * as folder from './cli/folder';
import * as list from './cli/list';
import * as previewLink from './cli/previewLink';
import * as publish from './cli/publish';
import { ask } from './cli/publish';
import * as pull from './cli/pull';
import { render } from './cli/render';
import { redirects, uploadRedirects } from './cli/redirects';
import { lint } from './cli/lint';
import { refuseCommittedRecords } from './core/publish/committed';
import { EXIT, OPTIONS, stateRoot, stderrLogger, USAGE, UsageError, type CommandContext } from './cli/shared';

export { EXIT } from './cli/shared';
export { publishOne } from './cli/publish';
export { pullToFile } from './cli/pull';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (s: string) => void = (s) => process.stdout.write(s), redactor = new Redactor(), stdin: () => Promise<string> = readStdin): Promise<number> {
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
  if (command === 'redirects' && !values.upload) { return redirects(positionals.slice(1), values.output, out); }
  if (command === 'lint') { return lint(positionals.slice(1), values.json, env, out); }
  let sites: KnownSites | undefined;
  const url = values.url ?? env.GHOST_URL;
  try {
    if (values.key !== undefined && values['key-stdin']) { throw new UsageError('--key and --key-stdin exclude each other: give the key once.'); }
    if (values.key !== undefined) {
      process.stderr.write('warning: --key puts the key on the command line, where the process list (ps) and the shell history show it to others on this computer. Set GHOST_ADMIN_API_KEY or pipe the key to --key-stdin instead.\n');
    }
    const key = values['key-stdin'] ? (await stdin()).trim() : values.key ?? env.GHOST_ADMIN_API_KEY;
    redactor.add(key);
    redactor.add(key?.split(':')[1]);
    if (!url || !key) {
      throw new NoSiteError(values['key-stdin'] ? 'Nothing was read from standard input: pipe the key to --key-stdin (and set GHOST_URL or pass --url).' : 'Set GHOST_URL and GHOST_ADMIN_API_KEY (or pass --url, and the key with --key-stdin).');
    }
    const logger = stderrLogger(values.verbose ?? false, redactor);
    // The door, before anything is read or sent: plain http to another host only when allowed.
    const allowHttp = values['allow-http'] ?? false;
    const site = parseSiteUrl(url);
    if (allowHttp && isInsecure(site)) { logger.warn(`--allow-http: ${insecureWarning(site)}`); }
    // What connecting learns is kept beside the state for a day: a run asks the site only what it must.
    // A record committed to the repository (a pull request can force-add one) is not trusted: the run stops first.
    await refuseCommittedRecords(stateRoot(values.state), path.resolve(values.state ?? '.'));
    sites = KnownSites.under(path.resolve(values.state ?? '.'), logger);
    const known = sites;
    const door = { userAgent: USER_AGENT, logger, sites: known, allowHttp };
    const connect = (fresh?: boolean) => connectKnown(url, key, { ...door, fresh });
    const client = () => knownKeyClient(url, key, door);
    // Refused here, with nothing sent, rather than by the first command's request.
    client();
    const cmd: CommandContext = { command, values, positionals, env, out, redactor, url, key, logger, connect, client };
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
      case 'redirects':
        return await uploadRedirects(cmd, ask);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    // No site to talk to: the one line that says so, not buried under the whole help.
    if (e instanceof NoSiteError) {
      process.stderr.write(`${e.message}\nRun ghost-author --help for every command and option.\n`);
      return EXIT.usage;
    }
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

/** No site or no key was given: said in one line. */
class NoSiteError extends UsageError {}

/** The key piped to --key-stdin: standard input, whole. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) { chunks.push(Buffer.from(c as Buffer)); }
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  const redactor = new Redactor();
  main(process.argv.slice(2), process.env, (s) => process.stdout.write(s), redactor).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    process.exitCode = EXIT.error;
  });
}
