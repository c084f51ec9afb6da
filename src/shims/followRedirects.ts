/**
 * Stands in for `follow-redirects` in the bundles (see esbuild.js). axios loads it for requests
 * that may follow redirects; ours never do (maxRedirects 0: a redirect is reported, with where it
 * points), so axios uses Node's own http and https and this is never called. Should it be, it
 * hands out the plain transports, which follow nothing.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export default { http, https, maxRedirects: 0, maxBodyLength: Infinity };
