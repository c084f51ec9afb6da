/**
 * The template readers, a bundle of their own (dist/templateReaders.js, see esbuild.js): loaded
 * the first time a file holds template syntax, never at activation. They hold no state.
 */
export { readHugo } from './hugo';
export { readJekyll } from './jekyll';
