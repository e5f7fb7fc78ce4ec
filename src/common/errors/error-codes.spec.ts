import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATALOGUE, ERROR_CODES } from './error-codes';

describe('error catalogue', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

  it.each(ERROR_CODES)('README documents %s with its HTTP status', (code) => {
    expect(readme).toContain(`| \`${code}\` | ${ERROR_CATALOGUE[code].status} |`);
  });

  it('uses upstream-style names', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z_]+$/);
  });
});
