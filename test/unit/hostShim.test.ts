/**
 * The code-shim must understand the command line @vscode/test-electron builds; these cases are
 * taken from what runTests() 2.5 actually passes (see runInHost.ts).
 */
import * as assert from 'node:assert/strict';
import { remoteUri, workbenchUrl } from '../support/host/codeServer';
import { isChatter, parseShimArgs } from '../support/host/shim';

describe('code-shim arguments', () => {
  it('maps the arguments runTests() passes', () => {
    const args = parseShimArgs([
      '/w/space',
      '--user-data-dir=/p/user-data',
      '--extensions-dir=/p/extensions',
      '--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome',
      '--skip-release-notes', '--disable-workspace-trust',
      '--extensionTestsPath=/repo/out/test/host/index.js',
      '--extensionDevelopmentPath=/repo',
    ], '/cwd');
    assert.deepEqual(args, {
      workspace: '/w/space',
      userDataDir: '/p/user-data',
      extensionsDir: '/p/extensions',
      extensionTestsPath: '/repo/out/test/host/index.js',
      extensionDevelopmentPaths: ['/repo'],
      ignored: ['--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome',
        '--skip-release-notes', '--disable-workspace-trust'],
    });
  });

  it('accepts space-separated values, relative paths, several extensions and --folder-uri', () => {
    const args = parseShimArgs([
      '--extensionDevelopmentPath', 'a', '--extensionDevelopmentPath=/b',
      '--extensionTestsPath', 'out/t.js', '--folder-uri=file:///w/x%20y', '--locale', 'de',
    ], '/cwd');
    assert.deepEqual(args.extensionDevelopmentPaths, ['/cwd/a', '/b']);
    assert.equal(args.extensionTestsPath, '/cwd/out/t.js');
    assert.equal(args.workspace, '/w/x y');
    assert.deepEqual(args.ignored, ['--locale=de']);
  });

  it('keeps the first positional argument as the workspace', () => {
    assert.deepEqual(parseShimArgs(['one', 'two'], '/c'), { extensionDevelopmentPaths: [], workspace: '/c/one', ignored: ['two'] });
  });
});

describe('workbench URLs', () => {
  it('names server paths as vscode-remote URIs of the server authority', () => {
    assert.equal(remoteUri('http://127.0.0.1:4321', '/a b/c#d'), 'vscode-remote://127.0.0.1:4321/a%20b/c%23d');
  });

  it('puts the folder and the payload, with the server\'s development extension first, in the query', () => {
    const url = new URL(workbenchUrl(
      { url: 'http://127.0.0.1:4321', extensionDevelopmentPath: '/ext' },
      { folder: '/w', payload: [['extensionTestsPath', 'vscode-remote://127.0.0.1:4321/t.js']] },
    ));
    assert.equal(url.searchParams.get('folder'), '/w');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? ''), [
      ['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4321/ext'],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:4321/t.js'],
    ]);
  });

  it('opens a .code-workspace file as a workspace, not a folder', () => {
    const url = new URL(workbenchUrl({ url: 'http://127.0.0.1:1' }, { folder: '/w/site.code-workspace' }));
    assert.equal(url.searchParams.get('workspace'), '/w/site.code-workspace');
    assert.equal(url.searchParams.get('payload'), null);
  });
});

describe('workbench log filter', () => {
  const table: Array<[string, boolean]> = [
    ['Resolving connection token (127.0.0.1:1)...', true],
    ['getaddrinfo ENOTFOUND open-vsx.org: Failed', true],
    ['  4 passing (54ms)', false],
    ['    ✔ connects the real Ghost 6', false],
    ['Error: 1 host test(s) failed', false],
  ];
  for (const [line, chatter] of table) {
    it(`${chatter ? 'hides' : 'shows'} "${line}"`, () => {
      assert.equal(isChatter(line), chatter);
    });
  }
});
