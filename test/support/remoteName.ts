/**
 * A host name that is not this computer's, answered by a server on 127.0.0.1: while it is in
 * force, Node's resolver (which every request of this process uses, axios's included) maps the
 * name to loopback. The door judges the name; the bytes still go only to 127.0.0.1, so a request
 * the door wrongly let through really arrives at the fake and is recorded.
 */
import type * as Dns from 'node:dns';

// The module object itself (an import would be a copy of its bindings, which cannot be patched).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns = require('node:dns') as typeof Dns;

export const REMOTE_NAME = 'ghost-door.test';

type Lookup = typeof Dns.lookup;

export function answerRemoteName(name = REMOTE_NAME): () => void {
  const original = dns.lookup;
  const patched = function (this: unknown, host: string, options: unknown, callback?: unknown) {
    const cb = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
    const opts = (typeof options === 'object' && options) ? options as Dns.LookupOptions : {};
    if (host !== name) { return (original as (...a: unknown[]) => void).call(this, host, options, callback); }
    if (opts.all) { return cb(null, [{ address: '127.0.0.1', family: 4 }]); }
    return cb(null, '127.0.0.1', 4);
  };
  (dns as { lookup: Lookup }).lookup = patched as unknown as Lookup;
  return () => { (dns as { lookup: Lookup }).lookup = original; };
}
