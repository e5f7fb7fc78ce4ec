/**
 * Module boundaries (issue 13), checked in CI by `npm run lint` (`depcruise`). A module is a
 * folder under src/ with its own Nest module; others may use only its public surface.
 */
const PUBLIC_SURFACE = [
  '[.]module[.]ts$', // its Nest module, to import it
  '[.]service[.]ts$', // what it offers
  '[.](views|types|dto|port)[.]ts$', // the shapes those speak
  '[.]decorator[.]ts$', // decorators it lends (e.g. @MerchantApi)
];
const SHARED = '^src/(common|config|database|domain)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files must not import each other in a circle.',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      scope: 'folder',
      comment: 'Modules (folders of src/) must not depend on each other in a circle.',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true },
    },
    {
      name: 'shared-code-stays-below-modules',
      severity: 'error',
      comment: 'common/, config/, database/ and domain/ serve every module and import none.',
      from: { path: SHARED },
      to: { path: '^src/', pathNot: [SHARED, '^src/[^/]+[.]ts$'] },
    },
    {
      name: 'domain-speaks-only-the-domain',
      severity: 'error',
      comment: 'domain/ is the vocabulary modules and provider adapters share: it may use common/ and config/, nothing else of ours.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: ['^src/(common|config|domain)/'] },
    },
    {
      name: 'no-module-internals',
      severity: 'error',
      comment: "Another module is reached through its public surface (module, services, views/types/DTOs/ports, decorators), never its repositories or helpers.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', SHARED, ...PUBLIC_SURFACE] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '[.]spec[.]ts$' },
  },
};
