import type { Identity } from './types';

export function describeIdentity(identity: Identity | undefined): string {
  if (!identity) { return 'not checked yet'; }
  return identity.kind === 'integration' ? 'integration key' : `staff token: ${identity.name} (${identity.role})`;
}
