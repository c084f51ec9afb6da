// ghost-author email-preview and test-email: Ghost's own rendering of a post's email (HTML, to
// stdout or a new file), or one test email of it to a staff user. Nothing else is sent: never the
// newsletter itself, and the post is not changed.
import * as path from 'node:path';
import { writeFileAtomic } from '../core/fsutil';
import { previewEmail, sendTestEmail } from '../core/publish/email';
import { GhostAuthorError } from '../core/ghost/errors';
import { EXIT, exists, postRef, UsageError, type CommandContext } from './shared';

export async function run({ command, values, positionals, out, connect }: CommandContext): Promise<number> {
  const ref = positionals[1];
  if (!ref || positionals.length > 2) { throw new UsageError(`Name one post, by id or by its linked file, for ${command}.`); }
  if (command === 'test-email' && !values.to) { throw new UsageError('test-email needs --to ADDRESS (a staff user of the site).'); }
  const c = await connect();
  const target = await postRef(ref);
  const view = { newsletter: values.newsletter ?? target.newsletter, segment: values.segment ?? target.segment };
  if (command === 'test-email') {
    await sendTestEmail(c.client, target.id, values.to ?? '', view);
    process.stderr.write(`Sent a test email of ${target.id} to ${values.to}.\n`);
    return EXIT.ok;
  }
  const p = await previewEmail(c.client, target.id, view);
  if (values.output) {
    if (await exists(values.output)) { throw new GhostAuthorError(`${values.output} already exists: email-preview will not overwrite it.`, 'Choose another file or remove it first.'); }
    await writeFileAtomic(path.resolve(values.output), p.html);
    process.stderr.write(`Wrote ${values.output} (subject: ${p.subject}).\n`);
  } else {
    out(p.html.endsWith('\n') ? p.html : `${p.html}\n`);
  }
  return EXIT.ok;
}
