import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);

/** Runs the project's boundary rules (what `npm run lint` runs) over a small tree of files. */
async function cruise(files: Record<string, string>): Promise<{ failed: boolean; output: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'palladium-boundaries-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16' }, include: ['src'] }));
    const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'depcruise');
    try {
      const { stdout } = await run(bin, ['src', '--config', path.join(PROJECT_ROOT, '.dependency-cruiser.cjs')], { cwd: root });
      return { failed: false, output: stdout };
    } catch (error) {
      return { failed: true, output: String((error as { stdout?: string }).stdout) };
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('module boundaries (npm run lint)', () => {
  jest.setTimeout(60_000);

  it('passes modules that use each other through their services, one way', async () => {
    const result = await cruise({
      'src/wallets/wallets.service.ts': "import { Sql } from '../database/sql';\nexport const wallets = Sql;\n",
      'src/payments/payments.service.ts': "import { wallets } from '../wallets/wallets.service';\nexport const payments = wallets;\n",
      'src/database/sql.ts': 'export const Sql = 1;\n',
    });
    expect(result).toEqual({ failed: false, output: expect.stringContaining('no dependency violations') });
  });

  it('fails on a cycle between two modules', async () => {
    const result = await cruise({
      'src/wallets/wallets.service.ts': "import { payments } from '../payments/payments.service';\nexport const wallets = () => payments;\n",
      'src/payments/payments.service.ts': "import { wallets } from '../wallets/wallets.service';\nexport const payments = () => wallets;\n",
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain('no-module-cycles');
  });

  it("fails when a module reaches into another's repository, or shared code into a module", async () => {
    const result = await cruise({
      'src/wallets/top-ups/top-ups.repository.ts': 'export const rows = 1;\n',
      'src/payments/payments.service.ts': "import { rows } from '../wallets/top-ups/top-ups.repository';\nexport const payments = rows;\n",
      'src/common/helper.ts': "import { payments } from '../payments/payments.service';\nexport const helper = payments;\n",
    });
    expect(result.failed).toBe(true);
    expect(result.output).toContain('no-module-internals: src/payments/payments.service.ts → src/wallets/top-ups/top-ups.repository.ts');
    expect(result.output).toContain('shared-code-stays-below-modules: src/common/helper.ts → src/payments/payments.service.ts');
  });
});
