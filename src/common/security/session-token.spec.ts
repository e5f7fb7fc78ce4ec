import { csrfTokenOf, generateSessionToken, hasSessionCookie, hashSessionToken, sessionTokenOf } from './session-token';

describe('session tokens', () => {
  const token = generateSessionToken();
  const request = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } });

  it('are 256 random bits in base64url, stored as their SHA-256', () => {
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(generateSessionToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are read from the palladium_session cookie only when well-formed', () => {
    expect(sessionTokenOf(request(`theme=dark; palladium_session=${token}; other=1`))).toBe(token);
    expect(sessionTokenOf(request('palladium_session=short'))).toBeUndefined();
    expect(sessionTokenOf(request(`xpalladium_session=${token}`))).toBeUndefined();
    expect(sessionTokenOf(request())).toBeUndefined();
    expect(hasSessionCookie(request('palladium_session=short'))).toBe(true);
    expect(hasSessionCookie(request('theme=dark'))).toBe(false);
  });

  it('give each session its own CSRF token, which does not reveal the session token', () => {
    const csrf = csrfTokenOf(token);
    expect(csrf).toBe(csrfTokenOf(token));
    expect(csrf).not.toBe(csrfTokenOf(generateSessionToken()));
    expect(csrf).not.toContain(token);
  });
});
