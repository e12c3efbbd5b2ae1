/**
 * The layers of ecr-guard, checked by `npm run lint` (docs/ARCHITECTURE.md, section 2, says
 * what each may import and why). Type-only imports count: a cycle through types is a cycle.
 */

/** What each folder of lib/ may import, besides itself and packages: a one-way stack. */
const MAY_IMPORT = {
  text: [],
  observability: [],
  config: [],
  events: ['text'],
  aws: ['text'],
  lifecycle: ['text'],
  delivery: ['aws'],
  controls: ['aws', 'events', 'lifecycle', 'text'],
  standard: ['controls', 'events', 'lifecycle', 'text'],
  findings: ['aws', 'events', 'standard', 'text'],
  enforcement: ['aws', 'controls', 'events', 'lifecycle', 'standard', 'text'],
  sweep: ['aws', 'controls', 'enforcement', 'events', 'observability', 'standard', 'text'],
  alerts: ['aws', 'delivery', 'events', 'findings', 'observability', 'standard', 'text'],
  notices: ['alerts', 'aws', 'controls', 'delivery', 'enforcement', 'events', 'standard', 'text'],
  slack: ['alerts', 'aws', 'delivery', 'events', 'notices', 'observability', 'text'],
  report: ['controls', 'enforcement', 'events', 'standard', 'sweep', 'text'],
  'lifecycle-preview': ['aws', 'controls', 'events', 'lifecycle', 'report', 'standard', 'text'],
  'security-hub': ['aws', 'report', 'sweep', 'text'],
  handlers: ['aws', 'events', 'observability'],
};

/** lib/app, the application layer, may import every folder above. */
const LAYERS = [...Object.keys(MAY_IMPORT), 'app'];

const layerRules = Object.entries(MAY_IMPORT).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment: `lib/${folder} may import only ${allowed.length === 0 ? 'packages' : `lib/{${allowed.join(',')}}`} (docs/ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: `^lib/${folder}/` },
  to: { path: '^lib/', pathNot: [`^lib/(${[folder, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules form a tree: a cycle (type imports included) makes layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-stays-inside',
      comment:
        'The service code never depends on the CLI, the sandbox, the benchmarks, the tests or their harness.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(cli|sandbox|bench|test|harness|functions)/' },
    },
    {
      name: 'functions-through-the-application',
      comment:
        'A handler is wiring: it reaches lib/ through the application layer and the handler middlewares only.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^lib/', pathNot: ['^lib/(app|handlers)/'] },
    },
    {
      name: 'tools-not-tests',
      comment:
        'npm start and npm run bench do not depend on the tests: what they share lives in harness/.',
      severity: 'error',
      from: { path: '^(sandbox|bench|harness|cli)/' },
      to: { path: '^test/' },
    },
    {
      name: 'layer-known',
      comment:
        'Every folder of lib/ has its place in MAY_IMPORT: a new folder says what it may import.',
      severity: 'error',
      from: { path: '^lib/', pathNot: [`^lib/(${LAYERS.join('|')})/`] },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
