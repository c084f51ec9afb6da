import type { SessionAuth } from './auth';
import { GhostApiError, GhostAuthorError, UnexpectedResponseError } from './errors';
import type { GhostHttp } from './http';

export type SignInResult =
  | { status: 'signed-in' }
  /** Ghost emailed a 6-digit code; the cookie already set is the device to verify. */
  | { status: 'needs-code'; reason: string };

const TWO_FACTOR = new Set(['2FA_NEW_DEVICE_DETECTED', '2FA_TOKEN_REQUIRED']);

/**
 * User sign-in: email and password for a session cookie. Made exactly once per call: Ghost
 * locks an address out after a few failures, so nothing here retries.
 */
export class SessionClient {
  constructor(private readonly http: GhostHttp, private readonly session: SessionAuth) {}

  async signIn(email: string, password: string): Promise<SignInResult> {
    this.session.clear();
    try {
      await this.http.request({ method: 'POST', path: 'session/', body: { username: email, password }, noRetry: true, text: true });
      return { status: 'signed-in' };
    } catch (e) {
      if (GhostApiError.is(e)) {
        const code = e.code ?? '';
        if (e.status === 403 && TWO_FACTOR.has(code)) {
          return { status: 'needs-code', reason: code };
        }
        if (e.status === 429) {
          throw new GhostApiError(e.status, e.body, 'Ghost has blocked sign-in attempts for a while after too many tries.', 'Wait (it can be an hour) before trying again, or use a staff access token instead.');
        }
        if (e.status === 422 || e.status === 401 || e.status === 404) {
          throw new GhostApiError(e.status, e.body, e.message || 'The email or password is not right.', 'Check them and try again. Ghost blocks sign-in after a few failed attempts.');
        }
      }
      throw e;
    }
  }

  /** Sends the emailed code that verifies this device. */
  async verify(code: string): Promise<void> {
    const token = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(token)) {
      throw new GhostAuthorError('The verification code is six digits.', 'Copy it from the email Ghost sent.');
    }
    try {
      await this.http.request({ method: 'PUT', path: 'session/verify/', body: { token }, noRetry: true, text: true });
    } catch (e) {
      if ((GhostApiError.is(e) || UnexpectedResponseError.is(e)) && (e.status === 401 || e.status === 400)) {
        throw new GhostAuthorError('Ghost did not accept that code.', 'Check the latest email from Ghost, or ask for a new code.');
      }
      throw e;
    }
  }

  /** Asks Ghost to email a new verification code. */
  async resendCode(): Promise<void> {
    await this.http.request({ method: 'POST', path: 'session/verify/', noRetry: true, text: true });
  }

  /** True while Ghost accepts the session; false when it expired or was signed out elsewhere. */
  async isValid(): Promise<boolean> {
    try {
      await this.http.request({ method: 'GET', path: 'users/me/', query: { fields: 'id' } });
      return true;
    } catch (e) {
      if ((GhostApiError.is(e) || UnexpectedResponseError.is(e)) && (e.status === 401 || e.status === 403)) {
        return false;
      }
      throw e;
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.http.request({ method: 'DELETE', path: 'session/', text: true });
    } finally {
      this.session.clear();
    }
  }
}
