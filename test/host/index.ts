/**
 * The extensionTestsPath module: VS Code's extension host requires this file and calls run()
 * once the workbench is up; the run fails, and the host exits non-zero, when run() rejects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) { return []; }
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // The host's console reaches the terminal as plain text through the workbench's log.
    color: false,
    // A real workbench and extension activation are slower than unit code.
    timeout: 60_000,
    grep: process.env.GHOST_AUTHOR_HOST_GREP,
  });
  const files = testFiles(path.join(__dirname, 'suite'));
  if (files.length === 0) {
    throw new Error(`no *.test.js files under ${path.join(__dirname, 'suite')}; did tsc run?`);
  }
  for (const f of files) { mocha.addFile(f); }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} host test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
