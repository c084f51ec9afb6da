import { InvalidInputError } from './errors';

/** An Admin API key or staff access token: both are `{id}:{secret}`. */
export interface AdminKey {
  readonly id: string;
  /** The secret as hex, exactly as Ghost shows it; signed with after hex-decoding. */
  readonly secret: string;
}

const ID = /^[0-9a-f]{24}$/i;
const SECRET = /^[0-9a-f]{64}$/i;
const CONTENT_KEY = /^[0-9a-f]{26}$/i;

const WHERE = 'Copy the Admin API key from Ghost Admin → Settings → Integrations → your custom integration, or your staff access token from your profile.';

/** Checks a pasted key and says precisely what is wrong with it when it is not usable. */
export function parseAdminKey(input: string): AdminKey {
  if (input.trim() === '') {
    throw new InvalidInputError('key', 'The key is empty.', WHERE);
  }
  if (input !== input.trim()) {
    throw new InvalidInputError('key', 'The key has spaces or line breaks around it.', 'Paste the key alone, without surrounding white space.');
  }
  if (/^["'`].*["'`]$/s.test(input)) {
    throw new InvalidInputError('key', 'The key is wrapped in quotes.', 'Paste the key without the quotes.');
  }
  if (/\s/.test(input)) {
    throw new InvalidInputError('key', 'The key contains white space.', 'Paste it again in one piece.');
  }
  if (CONTENT_KEY.test(input)) {
    throw new InvalidInputError('key', 'This is a Content API key, which can only read published content.', `Use the Admin API key instead. ${WHERE}`);
  }
  const parts = input.split(':');
  if (parts.length !== 2) {
    throw new InvalidInputError('key', 'An Admin API key has the form id:secret, with a single colon.', WHERE);
  }
  const [id = '', secret = ''] = parts;
  if (!ID.test(id)) {
    throw new InvalidInputError('key', `The key's id (before the colon) should be 24 hexadecimal characters; it has ${id.length}${/[^0-9a-f]/i.test(id) ? ' and characters that are not hexadecimal' : ''}.`, WHERE);
  }
  if (!/^[0-9a-f]*$/i.test(secret)) {
    throw new InvalidInputError('key', "The key's secret (after the colon) has characters that are not hexadecimal.", WHERE);
  }
  if (secret.length < 64) {
    throw new InvalidInputError('key', `The key looks truncated: its secret has ${secret.length} of 64 characters.`, 'Copy the whole key again.');
  }
  if (!SECRET.test(secret)) {
    throw new InvalidInputError('key', `The key's secret should be 64 hexadecimal characters; it has ${secret.length}.`, WHERE);
  }
  return { id: id.toLowerCase(), secret: secret.toLowerCase() };
}
