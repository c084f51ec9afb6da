/**
 * The production extension bundle stays under its budget: activation parses all of extension.js,
 * so what it holds is what every VS Code window pays for. The test builds the same bundle esbuild.js
 * ships, reads esbuild's metafile, and when the budget is exceeded names the biggest inputs (by
 * package, and by file) so the fix starts where the bytes are.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const BUDGET = 400_000;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const esbuild = require('esbuild') as typeof import('esbuild');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundles } = require(path.join(ROOT, 'esbuild.js')) as { bundles(prod: boolean): BuildOptions[] };

type Output = Metafile['outputs'][string];

async function metafileOf(outfile: string): Promise<Output> {
  const options = bundles(true).find((b) => b.outfile === outfile);
  assert.ok(options, `esbuild.js builds no ${outfile}`);
  const built = await esbuild.build({ ...options, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' });
  const out = Object.entries(built.metafile.outputs).find(([file]) => file.endsWith('.js'));
  assert.ok(out, 'esbuild wrote no JavaScript');
  return out[1];
}

/** The bytes each input adds, summed per npm package (or per folder of our own source). */
export function biggestInputs(out: Output, top = 12): string[] {
  const byGroup = new Map<string, number>();
  const files: Array<[string, number]> = [];
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const group = pkg ?? path.dirname(input);
    byGroup.set(group, (byGroup.get(group) ?? 0) + bytesInOutput);
    files.push([input, bytesInOutput]);
  }
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  const groups = [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, top).map(([g, n]) => `  ${kb(n).padStart(9)}  ${g}`);
  const biggest = files.sort((a, b) => b[1] - a[1]).slice(0, top).map(([f, n]) => `  ${kb(n).padStart(9)}  ${f}`);
  return ['by package or folder:', ...groups, 'by file:', ...biggest];
}

describe('the production bundle', function () {
  this.timeout(120_000);

  it(`dist/extension.js stays under ${BUDGET / 1000} KB, and names its biggest inputs when it does not`, async () => {
    const out = await metafileOf('dist/extension.js');
    assert.ok(out.bytes <= BUDGET, `extension.js is ${out.bytes} bytes, over its budget of ${BUDGET}.\n${biggestInputs(out).join('\n')}`);
  });

  it('keeps the converters that activation never needs in bundles of their own', async () => {
    const out = await metafileOf('dist/extension.js');
    const inputs = Object.keys(out.inputs);
    for (const lazy of ['node_modules/markdown-it/', 'node_modules/turndown', 'src/core/content/markdownIt.ts', 'src/core/content/htmlPull.ts', 'src/core/content/templates/jekyll.ts', 'src/core/content/templates/hugo.ts', 'node_modules/smol-toml/']) {
      assert.deepEqual(inputs.filter((i) => i.includes(lazy)), [], `${lazy} is bundled into extension.js; it must be loaded from its own file`);
    }
    const md = await metafileOf('dist/markdownIt.js');
    assert.ok(Object.keys(md.inputs).some((i) => i.includes('node_modules/markdown-it/')), 'markdownIt.js holds no markdown-it');
  });

  it('names the biggest inputs by package and by file', () => {
    const out = { bytes: 30, imports: [], exports: [], entryPoint: 'x', inputs: {
      'node_modules/axios/lib/a.js': { bytesInOutput: 15_000 }, 'node_modules/axios/lib/b.js': { bytesInOutput: 5_000 },
      'node_modules/@scope/pkg/index.js': { bytesInOutput: 12_000 }, 'src/core/x.ts': { bytesInOutput: 3_000 },
    } } as unknown as Output;
    const lines = biggestInputs(out, 2).map((l) => l.trim().replace(/\s+/g, ' '));
    assert.deepEqual(lines, ['by package or folder:', '20.0 KB axios', '12.0 KB @scope/pkg', 'by file:', '15.0 KB node_modules/axios/lib/a.js', '12.0 KB node_modules/@scope/pkg/index.js']);
  });
});
