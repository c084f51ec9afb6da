/**
 * What loading the extension costs: the bundle's require time in fresh Node processes (with a
 * stand-in for the `vscode` module), and the activation time measured in the real VS Code host by
 * the last `npm run test:host` (out/host-metrics.json).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

const PROBE = `
const Module = require('module');
const load = Module._load;
const stub = new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : stub), apply: () => stub, construct: () => stub });
Module._load = function (req, ...rest) { return req === 'vscode' ? stub : load.call(this, req, ...rest); };
const t = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));
`;

export function activationRows(): Array<[string, string, string, string]> {
  const bundle = path.join(root, 'dist', 'extension.js');
  const times = Array.from({ length: 9 }, () => Number(execFileSync(process.execPath, ['-e', PROBE, bundle], { encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  const size = fs.statSync(bundle).size;
  const rows: Array<[string, string, string, string]> = [
    ['extension bundle: size / require time (median of 9)', `${(size / 1024).toFixed(0)} KiB / ${times[4]?.toFixed(1)} ms`, '', 'dist/extension.js as built for this run'],
  ];
  const metrics = path.join(root, 'out', 'host-metrics.json');
  if (fs.existsSync(metrics)) {
    const m = JSON.parse(fs.readFileSync(metrics, 'utf8')) as { activatedInMs: number; vscode: string; at: string };
    rows.push(['activation in the VS Code host (last test:host run)', `${m.activatedInMs.toFixed(1)} ms`, '', `VS Code ${m.vscode}, ${m.at}`]);
  }
  return rows;
}
