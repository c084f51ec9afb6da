/**
 * Stands in for axios's browser adapters (`xhr` and `fetch`) in the bundles (see esbuild.js):
 * our requests name the `http` adapter, Node's own, so these are never chosen. `false` is what
 * axios's adapters are where they are not supported.
 */
export const getFetch = (): false => false;
export default false;
