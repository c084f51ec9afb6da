/**
 * Stands in for the `form-data` package in the bundles (see esbuild.js). axios loads it to build
 * multipart bodies from plain objects; ours are Node's own FormData (uploads), which axios sends
 * as it is, so this class is only ever a type axios checks against.
 */
export default class FormData {
  append(): never {
    throw new Error('form-data is not bundled: send a FormData from Node instead');
  }
}
