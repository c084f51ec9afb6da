// Bundles the extension and the CLI; tsc only type-checks and compiles the tests.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The HTML → Markdown converter (turndown and its DOM) is a bundle of its own, required only when
 * a post without Lexical is pulled; the extension and the CLI load it from beside themselves.
 */
const lazyHtmlPull = {
  name: 'lazy-html-pull',
  setup(build) {
    build.onResolve({ filter: /^\.\/htmlPull$/ }, () => ({ path: './htmlPull.js', external: true }));
  },
};

/**
 * Parts of axios's Node build that our requests never use, replaced by small stand-ins (each file
 * says why): follow-redirects (we follow no redirect), form-data, and with it mime-types and
 * mime-db's 130 KB (uploads send Node's own FormData), https-proxy-agent with agent-base and debug
 * (requests go with `proxy: false`). The e2e tier runs the bundled CLI against
 * real Ghost to prove the bundle works.
 */
const alias = {
  'follow-redirects': './src/shims/followRedirects.ts',
  'form-data': './src/shims/formData.ts',
  'https-proxy-agent': './src/shims/httpsProxyAgent.ts',
};

/** axios's browser adapters (xhr, fetch): our requests name Node's own `http` adapter. */
const nodeAdapterOnly = {
  name: 'node-adapter-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/(xhr|fetch)\.js$/ }, (args) => (
      /[\\/]axios[\\/]lib[\\/]adapters$/.test(args.resolveDir) ? { path: require('node:path').resolve('src/shims/browserAdapter.ts') } : undefined
    ));
  },
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyHtmlPull, nodeAdapterOnly], alias }),
    esbuild.context({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyHtmlPull, nodeAdapterOnly], alias }),
    esbuild.context({ ...common, entryPoints: ['src/core/content/htmlPull.ts'], outfile: 'dist/htmlPull.js' }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
