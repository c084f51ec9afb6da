import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, Views } from '../../src/constants';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    menus: Record<string, Array<{ command: string }>>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; contents: string }>;
  };
  engines: { vscode: string };
  devDependencies: Record<string, string>;
};

// The host tests check that every id in Commands is registered at run time; this keeps the
// manifest and that list in step, so no contributed command can be left without a handler.
describe('package.json contributions', () => {
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();

  it('contributes exactly the commands the extension defines', () => {
    assert.deepEqual(contributed, Object.values(Commands).sort());
  });

  it('puts every command in the Ghost category with an icon', () => {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'Ghost', c.command);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, c.command);
    }
  });

  it('only refers to defined commands and views from menus and welcome views', () => {
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) { assert.ok(contributed.includes(e.command), `${menu} refers to ${e.command}`); }
    }
    const views = Object.values(pkg.contributes.views).flat().map((v) => v.id);
    assert.ok(views.includes(Views.content));
    for (const w of pkg.contributes.viewsWelcome) {
      assert.ok(views.includes(w.view));
      for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g)) { assert.ok(contributed.includes(m[1] ?? ''), m[1]); }
    }
  });

  it('keeps @types/vscode no newer than the engine it declares', () => {
    const engine = pkg.engines.vscode.replace(/^\^/, '');
    assert.equal(pkg.devDependencies['@types/vscode'], engine);
  });
});
