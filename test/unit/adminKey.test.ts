import * as assert from 'node:assert/strict';
import { parseAdminKey } from '../../src/core/ghost/adminKey';
import { InvalidInputError } from '../../src/core/ghost/errors';

const ID = '6543210fedcba9876543210f';
const SECRET = 'a'.repeat(32) + '0123456789abcdef0123456789abcdef';

describe('parseAdminKey', () => {
  it('accepts id:secret and lower-cases it', () => {
    assert.deepEqual(parseAdminKey(`${ID.toUpperCase()}:${SECRET}`), { id: ID, secret: SECRET });
  });

  const refused: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['a Content API key', '0123456789abcdef0123456789', /Content API key/],
    ['a truncated secret', `${ID}:${SECRET.slice(0, 40)}`, /truncated.*40 of 64/],
    ['a secret that is too long', `${ID}:${SECRET}ab`, /64 hexadecimal characters; it has 66/],
    ['a short id', `${ID.slice(2)}:${SECRET}`, /24 hexadecimal characters; it has 22/],
    ['a non-hex id', `${ID.slice(1)}z:${SECRET}`, /not hexadecimal/],
    ['a non-hex secret', `${ID}:${SECRET.slice(1)}g`, /not hexadecimal/],
    ['no colon', `${ID}${SECRET}`, /single colon/],
    ['two colons', `${ID}:${SECRET}:x`, /single colon/],
    ['a trailing newline', `${ID}:${SECRET}\n`, /spaces or line breaks around it/],
    ['leading spaces', `  ${ID}:${SECRET}`, /spaces or line breaks around it/],
    ['double quotes', `"${ID}:${SECRET}"`, /wrapped in quotes/],
    ['single quotes', `'${ID}:${SECRET}'`, /wrapped in quotes/],
    ['white space inside', `${ID}: ${SECRET}`, /white space/],
  ];
  for (const [what, input, message] of refused) {
    it(`refuses ${what} and says so`, () => {
      assert.throws(() => parseAdminKey(input), (e: unknown) => InvalidInputError.is(e) && e.field === 'key' && message.test(e.message));
    });
  }
});
