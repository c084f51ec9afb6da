/**
 * The door and the URL schemes in the real extension host, against the fake Ghost (started here):
 * a site on plain http to another host (as imported from GHOST_URL) is sent nothing, rotating its
 * key asks rather than confirming by itself, and a post whose address is not http(s) is refused
 * rather than handed to the system.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../../src/constants';
import type { GhostAuthorApi } from '../../../src/extension';
import type { Node } from '../../../src/views/nodes';
import { FakeGhost, keyString } from '../../support/fake/fakeGhost';
import { answerRemoteName, REMOTE_NAME } from '../../support/remoteName';

describe('one door, and only http(s) to the browser', function () {
  this.timeout(60_000);
  let api: GhostAuthorApi;
  let ghost: FakeGhost | undefined;
  before(async () => { api = await vscode.extensions.getExtension<GhostAuthorApi>(EXTENSION_ID)!.activate(); });
  afterEach(async () => {
    if (!ghost) { return; }
    const url = ghost.url;
    for (const s of api.sites.sites.filter((x) => x.adminUrl === `${url}/`)) {
      await vscode.commands.executeCommand(Commands.removeSite, s.id, { confirm: false });
    }
    await ghost.stop();
    ghost = undefined;
  });

  it('a plain http site on another host is sent nothing, and rotating its key is not confirmed by itself', async () => {
    // The name is not this computer's; this process's resolver answers it with the fake's loopback
    // address, so a request the door let through would arrive and be recorded.
    const restore = answerRemoteName();
    const g = ghost = await new FakeGhost().start();
    const remote = g.url.replace('127.0.0.1', REMOTE_NAME);
    try {
      await checkDoor(g, remote);
    } finally {
      restore();
      for (const s of api.sites.sites.filter((x) => x.adminUrl === `${remote}/`)) {
        await vscode.commands.executeCommand(Commands.removeSite, s.id, { confirm: false });
      }
    }
  });

  async function checkDoor(g: FakeGhost, remote: string): Promise<void> {
    const site = await api.sites.save({ adminUrl: `${remote}/`, title: 'Imported', auth: 'key' }, { type: 'key', key: keyString(g.adminKey) });
    await assert.rejects(api.clients.client(site), /not encrypted \(http\)/);
    const w = vscode.window as unknown as Record<string, unknown>;
    const warn = w.showWarningMessage;
    const asked: string[] = [];
    w.showWarningMessage = async (text: string) => { asked.push(text); return undefined; };
    try {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.rotateKey, site.id, { key: keyString(g.adminKey) })), /not encrypted/);
    } finally {
      w.showWarningMessage = warn;
    }
    assert.equal(asked.length, 1, 'the writer was asked');
    assert.match(asked[0] ?? '', /plain http/);
    assert.deepEqual(g.requests.filter((r) => r.token), [], 'a token was sent');
  }

  it('a post whose address is command: is not opened', async () => {
    const g = ghost = await new FakeGhost().start();
    g.seed('posts', 1, () => 'published');
    await vscode.commands.executeCommand(Commands.connectSite, { url: g.url, key: keyString(g.adminKey) });
    api.tree.refresh();
    const site = (await api.tree.getChildren()).find((n) => n.kind === 'site' && n.site.adminUrl === `${g.url}/`);
    const posts = (await api.tree.getChildren(site))[0] as Node;
    const published = (await api.tree.getChildren(posts)).find((g) => g.kind === 'group' && g.group.label === 'Published');
    const item = (await api.tree.getChildren(published)).find((k) => k.kind === 'item');
    assert.ok(item?.kind === 'item');
    // As a hostile site would answer it (the fake answers its own address).
    item.item.url = 'command:workbench.action.terminal.new';
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.openInBrowser, item)), /only http and https addresses are opened/);
  });
});
