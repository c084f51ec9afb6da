// Bundles the extension and the CLI; tsc only type-checks and compiles the tests.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @returns {import('esbuild').BuildOptions} */
const common = (prod) => ({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !prod,
  sourcesContent: false,
  minify: prod,
  logLevel: 'warning',
  legalComments: 'none',
});

/**
 * Modules that are bundles of their own, required on first use; the extension and the CLI load
 * them from beside themselves: the HTML → Markdown converter (turndown and its DOM, only when a
 * post without Lexical is pulled) and markdown-it with its plugins (on the first conversion or
 * preview, never at activation), and the Jekyll and Hugo template readers (on the first file
 * holding template syntax). Each holds no state, so the copies cannot disagree.
 */
const LAZY = { htmlPull: 'src/core/content/htmlPull.ts', markdownIt: 'src/core/content/markdownIt.ts', templateReaders: 'src/core/content/templates/templateReaders.ts', tomlParser: 'src/core/content/tomlParser.ts', lintChecks: 'src/vscode/lintChecks.ts', fromLexical: 'src/core/content/fromLexical.ts' };
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^\\./(${Object.keys(LAZY).join('|')})$`) }, (args) => ({ path: `${args.path}.js`, external: true }));
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
      /[\\/]axios[\\/]lib[\\/]adapters$/.test(args.resolveDir) ? { path: require('node:path').resolve(__dirname, 'src/shims/browserAdapter.ts') } : undefined
    ));
  },
};

/** Every bundle's options; the bundle-size test builds the same ones with a metafile. */
function bundles(prod = production) {
  return [
    { ...common(prod), entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyModules, nodeAdapterOnly], alias },
    { ...common(prod), entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyModules, nodeAdapterOnly], alias },
    ...Object.entries(LAZY).map(([name, entry]) => ({ ...common(prod), entryPoints: [entry], outfile: `dist/${name}.js` })),
  ];
}

async function main() {
  const contexts = await Promise.all(bundles().map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

module.exports = { bundles };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
