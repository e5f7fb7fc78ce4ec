import { generateTotpSecret, totpCodeAt, totpStepOf, totpUri } from './totp';

describe('operator TOTP', () => {
  const secret = generateTotpSecret();
  const now = Date.UTC(2026, 10, 23, 7, 0, 10);
  const step = Math.floor(now / 30_000);

  it('makes 160-bit base32 secrets an authenticator app can add', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri('sari@palladium.id', secret)).toBe(
      `otpauth://totp/Palladium%20console:sari%40palladium.id?secret=${secret}&period=30&digits=6&algorithm=SHA1&issuer=Palladium%20console`,
    );
  });

  it('accepts the current code, and the neighbouring steps, naming the step used', () => {
    expect(totpStepOf(totpCodeAt(secret, now), secret, now)).toBe(step);
    expect(totpStepOf(totpCodeAt(secret, now - 30_000), secret, now)).toBe(step - 1);
    expect(totpStepOf(totpCodeAt(secret, now + 30_000), secret, now)).toBe(step + 1);
  });

  it('refuses codes from further away, of another secret, or malformed', () => {
    expect(totpStepOf(totpCodeAt(secret, now - 90_000), secret, now)).toBeUndefined();
    expect(totpStepOf(totpCodeAt(generateTotpSecret(), now), secret, now)).toBeUndefined();
    expect(totpStepOf('12345', secret, now)).toBeUndefined();
    expect(totpStepOf(' 123456', secret, now)).toBeUndefined();
  });
});
