import { guardedLookup, isPublicAddress, literalAddressProblem } from './url-safety';

describe('callback URL safety', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', 'not-an-ip'])(
    'treats %s as internal',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it.each(['8.8.8.8', '203.0.114.1', '2606:4700:4700::1111'])('treats %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('flags IP-literal URLs pointing inside', () => {
    expect(literalAddressProblem(new URL('http://127.0.0.1:3000/cb'), false)).toMatch(/private or internal/);
    expect(literalAddressProblem(new URL('http://[::1]/cb'), false)).toMatch(/::1/);
    expect(literalAddressProblem(new URL('http://127.0.0.1/cb'), true)).toBeUndefined();
    expect(literalAddressProblem(new URL('https://8.8.8.8/cb'), false)).toBeUndefined();
  });

  it('refuses names that resolve inside unless allowed', async () => {
    const resolve = (allow: boolean) =>
      new Promise<unknown>((done) => guardedLookup(allow)('localhost', { all: true }, (error, address) => done(error ?? address)));
    expect(String(await resolve(false))).toMatch(/localhost resolves to .* private or internal/);
    expect(await resolve(true)).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]));
  });
});
