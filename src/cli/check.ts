// ghost-author check: connects afresh and prints the site, its Ghost version and who the key
// belongs to. It reads only; it never changes the site or any file.
import { describeIdentity } from '../core/ghost/connect';
import { EXIT, type CommandContext } from './shared';

export async function run({ values, out, connect }: CommandContext): Promise<number> {
  // Checking is asking: the site is always asked, and what it says is kept.
  const c = await connect(true);
  if (values.json) {
    out(`${JSON.stringify({ url: c.site.adminUrl, title: c.info.title, version: c.info.version, identity: c.identity })}\n`);
  } else {
    out(`${c.info.title} — Ghost ${c.info.version} at ${c.site.adminUrl}\nKey: ${describeIdentity(c.identity)}\n`);
  }
  return EXIT.ok;
}
