/**
 * `npm run sandbox`: a local Ghost with demo content and a VS Code (code-server) with Ghost Author
 * loaded and already connected to it. Open the printed URL; Ctrl-C stops both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log } from './cache';
import { seedDemoContent, solidPng } from './ghost/seed';
import { startGhost, stopAll, type GhostServer } from './ghost/server';
import { startCodeServer, workbenchUrl, type CodeServer } from './host/codeServer';

export const ROOT = path.resolve(__dirname, '../../..');

const SAMPLE = `---
title: Hello from VS Code
tags: [Sandbox]
custom_excerpt: A post written in Markdown and pushed with Ghost Author.
feature_image: images/cover.png
---

This file is not on the site yet. Run **Ghost: Push Content** (or the cloud button above) to create it
as a draft, then **Ghost: Publish…** when it is ready.

> [!TIP]
> GitHub alerts become Ghost's callout cards, in their colour.

![A local image, uploaded once](images/cover.png "Captions come from the image title")

<details><summary>A toggle card</summary>

Written as \`<details>\`, opened and closed in Ghost's editor.

</details>

[Subscribe](https://example.com/#/portal/signup){.button}

<!--members-only-->

| Markdown | Ghost |
|----------|-------|
| tables   | kept as HTML cards |
| ==marks== | editable text |
`;

export interface Sandbox { ghost: GhostServer; code: CodeServer; url: string; workspace: string; stop(): Promise<void> }

/** Starts both, with the extension connected through GHOST_URL / GHOST_ADMIN_API_KEY. */
export async function startSandbox(opts: { workspace?: string } = {}): Promise<Sandbox> {
  const workspace = opts.workspace ?? path.join(ROOT, '.sandbox', 'workspace');
  fs.mkdirSync(path.join(workspace, 'images'), { recursive: true });
  const sample = path.join(workspace, 'hello-from-vscode.md');
  if (!fs.existsSync(sample)) { fs.writeFileSync(sample, SAMPLE); }
  const cover = path.join(workspace, 'images', 'cover.png');
  if (!fs.existsSync(cover)) { fs.writeFileSync(cover, solidPng(240, 120, [90, 110, 220])); }

  const ghost = await startGhost({ major: 6 });
  try {
    await seedDemoContent(ghost);
    const code = await startCodeServer({
      workspace,
      extensionDevelopmentPath: ROOT,
      env: { GHOST_URL: ghost.url, GHOST_ADMIN_API_KEY: ghost.integrationKey },
    });
    const url = workbenchUrl(code, { folder: workspace });
    return { ghost, code, url, workspace, stop: async () => { await code.stop(); await stopAll(); } };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function main(): Promise<void> {
  const sb = await startSandbox();
  const stop = () => {
    log('stopping Ghost and code-server…');
    void sb.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write([
    '',
    'Ghost Author sandbox is running.',
    `  VS Code:      ${sb.url}`,
    `  Ghost site:   ${sb.ghost.url}/`,
    `  Ghost Admin:  ${sb.ghost.url}/ghost/  (${sb.ghost.owner.email} / ${sb.ghost.owner.password})`,
    `  Workspace:    ${sb.workspace}`,
    'Press Ctrl-C to stop both.',
    '',
  ].join('\n'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
