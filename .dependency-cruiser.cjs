/**
 * The architecture's import rules (docs/contributing.md): data flows decorator -> registry ->
 * binder -> socket.io, and tools stay out of the runtime. `npm run lint` checks them.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const RUNTIME = '^src/(?!cli/|testing/)';
const MIGRATOR = '^(src/cli/migrate|socketeer-migrate)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles, type-only ones included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'decorators-only-record',
      comment: 'decorators/ records metadata through src/registry.ts; from the rest of src/ it imports types only.',
      severity: 'error',
      from: { path: '^decorators/' },
      to: {
        path: '^src/',
        pathNot: '^src/registry\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'runtime-not-tools',
      comment: 'The runtime never imports the test client, the CLI, the migrator, examples or bench.',
      severity: 'error',
      from: { path: RUNTIME },
      to: { path: ['^src/testing/', '^src/cli/', MIGRATOR, '^examples/', '^bench/', '^test/'] },
    },
    {
      name: 'migrator-not-runtime',
      comment: 'The migrator is its own tool: it reads Python and writes TypeScript, and never loads the runtime.',
      severity: 'error',
      from: { path: MIGRATOR },
      to: { path: ['^src/(?!cli/migrate/)', '^decorators/'] },
    },
    {
      name: 'example-tests-with-their-example',
      comment: "An example's tests live in examples/<name>/test/, and only they import that example.",
      severity: 'error',
      // fuzz-examples.test.ts runs one property-based fuzz over every example, reading each one's
      // controllers from the registry: a test of all of them, kept beside the fuzz harness.
      // asyncapi.test.ts validates every example's document; routes-cli.test.ts runs the CLI on the chat.
      from: {
        path: '^(?!examples/)',
        pathNot: [
          '^test/hardening/fuzz-examples\\.test\\.ts$',
          '^test/asyncapi\\.test\\.ts$',
          '^test/routes-cli\\.test\\.ts$',
        ],
      },
      to: { path: '^examples/(?!_support/)' },
    },
    {
      name: 'examples-stay-apart',
      comment: 'One example never imports another (examples/_support/ is shared test support).',
      severity: 'error',
      from: { path: '^examples/([^/]+)/' },
      to: { path: '^examples/', pathNot: ['^examples/$1/', '^examples/_support/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: {
      path: [
        '(^|/)dist/',
        '/fixtures/',
        '^create-socketeer/templates/',
        // swc's visitor does not know `await using` yet; these two import only their own example.
        '^examples/(chat|getting-started)/test/(chat|getting-started)\\.test\\.ts$',
      ],
    },
    // TypeScript 7 has no JavaScript API for dependency-cruiser to parse with; swc reads the
    // TypeScript itself, type-only imports included (so type-only cycles count).
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
