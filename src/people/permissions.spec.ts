import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ACCESS, auditActionOf, mayCall } from './permissions';

describe('dashboard access table', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

  it.each(ACCESS.map((row) => [row.area, row] as const))('README shows the row "%s" as the code has it', (_area, row) => {
    const roles = (['developer', 'finance', 'viewer'] as const).map((role) => (row.roles.includes(role) ? '✓' : '–')).join(' | ');
    const operations = Object.keys(row.operations).map((id) => `\`${id}\``).join(', ');
    expect(readme).toContain(`| ${row.area} | ${operations} | ✓ | ${roles} |`);
  });

  it('lets owners do everything listed, and nobody anything unlisted', () => {
    for (const row of ACCESS) for (const id of Object.keys(row.operations)) expect(mayCall('owner', id)).toBe(true);
    expect(mayCall('owner', 'somethingNew')).toBe(false);
    expect(mayCall('owner', undefined)).toBe(false);
  });

  it('gives the issue its two rules: a developer sees no statements, a viewer changes nothing', () => {
    expect(mayCall('developer', 'getStatement')).toBe(false);
    const changes = ACCESS.flatMap((row) => Object.entries(row.operations)).filter(([, audit]) => audit !== null);
    expect(changes.length).toBeGreaterThan(15);
    for (const [id] of changes) expect(mayCall('viewer', id)).toBe(false);
    for (const id of ['addPerson', 'changePersonRole', 'removePerson', 'rotateApiKey']) expect(mayCall('viewer', id)).toBe(false);
  });

  it('names audit actions as <thing>.<what happened>', () => {
    expect(auditActionOf('createTopUp')).toBe('top_up.declared');
    expect(auditActionOf('getMe')).toBeNull();
    for (const row of ACCESS) for (const audit of Object.values(row.operations)) if (audit) expect(audit).toMatch(/^[a-z_]+[.][a-z_]+$/);
  });
});
