// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '**/dist/', 'node_modules/', 'coverage/', '.data/', '.bench/', 'eslint.config.mjs', 'jest.config.js', '.dependency-cruiser.cjs', 'test/support/summary-reporter.js', 'test-artifacts/', 'dashboard/src/api/schema.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', 'src/cli.ts', 'src/main.ts', 'dashboard/scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
