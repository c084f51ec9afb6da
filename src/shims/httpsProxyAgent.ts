/**
 * Stands in for `https-proxy-agent` (and with it agent-base and debug) in the bundles (see
 * esbuild.js). axios builds one only to tunnel through a proxy; our requests are made with
 * `proxy: false` (VS Code's own proxy support applies to Node's agents), so none is ever built.
 */
export default class HttpsProxyAgent {
  constructor() {
    throw new Error('https-proxy-agent is not bundled: requests are made without a proxy');
  }
}
