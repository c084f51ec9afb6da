import { parseArgs } from 'node:util';
import { connectWithKey, describeIdentity } from './core/ghost/connect';
import { errorMessage, GhostAuthorError } from './core/ghost/errors';
import type { Logger } from './core/log';
import { redactor } from './core/redact';
import { USER_AGENT, VERSION } from './core/version';

const USAGE = `ghost-author ${VERSION}: publish Markdown to Ghost from a terminal or CI.

Usage:
  ghost-author check                          the site, its version, and who the key belongs to
  ghost-author list [--type posts|pages] [--status draft|scheduled|published] [--limit N] [--json]

Options:
  --url URL      the site (default: $GHOST_URL)
  --key KEY      Admin API key or staff token (default: $GHOST_ADMIN_API_KEY; prefer the variable)
  --verbose      log requests to stderr (secrets are redacted)
  -h, --help     this help

Exit codes: 0 ok, 1 error, 2 usage, 3 conflict.`;

export const EXIT = { ok: 0, error: 1, usage: 2, conflict: 3 } as const;

class UsageError extends Error {}

function stderrLogger(verbose: boolean): Logger {
  const write = (level: string) => (m: string) => { if (verbose || level === 'warn' || level === 'error') { process.stderr.write(`${level}: ${redactor.redact(m)}\n`); } };
  return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' }, key: { type: 'string' }, type: { type: 'string' }, status: { type: 'string' },
        limit: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
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
  const url = values.url ?? env.GHOST_URL;
  const key = values.key ?? env.GHOST_ADMIN_API_KEY;
  redactor.add(key);
  redactor.add(key?.split(':')[1]);
  try {
    if (!url || !key) {
      throw new UsageError('Set GHOST_URL and GHOST_ADMIN_API_KEY (or pass --url and --key).');
    }
    const logger = stderrLogger(values.verbose ?? false);
    switch (command) {
      case 'check': {
        const c = await connectWithKey(url, key, { userAgent: USER_AGENT, logger });
        if (values.json) {
          out(`${JSON.stringify({ url: c.site.adminUrl, title: c.info.title, version: c.info.version, identity: c.identity })}\n`);
        } else {
          out(`${c.info.title} — Ghost ${c.info.version} at ${c.site.adminUrl}\nKey: ${describeIdentity(c.identity)}\n`);
        }
        return EXIT.ok;
      }
      case 'list': {
        const type = values.type ?? 'posts';
        if (type !== 'posts' && type !== 'pages') { throw new UsageError('--type is posts or pages.'); }
        const limit = values.limit ? Number(values.limit) : 15;
        if (!Number.isInteger(limit) || limit < 1) { throw new UsageError('--limit is a whole number from 1.'); }
        const c = await connectWithKey(url, key, { userAgent: USER_AGENT, logger });
        const status = values.status === 'published' ? '[published,sent]' : values.status;
        const res = await c.client.resource(type).browse({
          limit, filter: status ? `status:${status}` : undefined, order: 'updated_at desc',
          fields: ['id', 'title', 'slug', 'status', 'updated_at', 'published_at'],
        });
        if (values.json) {
          out(`${JSON.stringify({ [type]: res.items, total: res.pagination.total })}\n`);
        } else {
          for (const p of res.items) { out(`${p.id}  ${p.status.padEnd(9)}  ${p.title}\n`); }
          out(`(${res.items.length} of ${res.pagination.total})\n`);
        }
        return EXIT.ok;
      }
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
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`error: ${redactor.redact(errorMessage(e))}\n`);
    process.exitCode = EXIT.error;
  });
}
