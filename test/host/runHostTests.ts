/**
 * `npm run test:host`: starts a real Ghost 6, gives it a few posts, then runs the host suite in
 * a real VS Code extension host (code-server) through @vscode/test-electron's runTests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminRequest } from '../support/ghost/adminHttp';
import { startGhost, stopAll } from '../support/ghost/server';
import { runInHost } from '../support/host/runInHost';
import { startSentinel } from '../support/sentinel';

const root = path.resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const ghost = await startGhost({ major: 6 });
  const sentinel = await startSentinel();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-host-ws-'));
  try {
    // More drafts than Ghost gives in one page, older than the posts below: the tree must page through them.
    for (let i = 0; i < 110; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => adminRequest(ghost, 'POST', 'posts/', { key: ghost.integrationKey, body: { posts: [{ title: `Paging draft ${i + j + 1}` }] } })));
    }
    const posts = [
      { title: 'Host test draft one', status: 'draft' },
      { title: 'Host test draft two', status: 'draft' },
      { title: 'Host test published', status: 'published' },
    ];
    for (const p of posts) {
      await adminRequest(ghost, 'POST', 'posts/?source=html', { key: ghost.integrationKey, body: { posts: [{ ...p, html: `<p>${p.title}</p>` }] } });
    }
    return await runInHost({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      workspace,
      env: {
        GHOST_AUTHOR_TEST_URL: ghost.url,
        GHOST_AUTHOR_TEST_KEY: ghost.integrationKey,
        GHOST_AUTHOR_TEST_EDITOR_KEY: ghost.editor.staffToken,
        GHOST_AUTHOR_TEST_EDITOR_EMAIL: ghost.editor.email,
        GHOST_AUTHOR_TEST_EDITOR_PASSWORD: ghost.editor.password,
        GHOST_AUTHOR_TEST_OWNER_KEY: ghost.owner.staffToken,
        GHOST_AUTHOR_TEST_POSTS: JSON.stringify(posts),
        // A sentinel, not a Ghost: the extension imports it at activation and must not contact it.
        GHOST_URL: sentinel.url,
        GHOST_ADMIN_API_KEY: `${'a'.repeat(24)}:${'b'.repeat(64)}`,
      },
    });
  } finally {
    await sentinel.stop();
    await stopAll();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
