// ESLint: floating promises are errors everywhere; deterministic code (workflows, domain, contracts)
// may not import Node built-ins, I/O modules or activity implementations.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
const ioModules = [
  'pg',
  'kysely',
  'pkcs11js',
  'fastify',
  'nodemailer',
  'pdfkit',
  '@electric-sql/pglite',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];
const deterministic = {
  paths: [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`), ...ioModules].map((name) => ({
    name,
    message: 'Deterministic code (workflows, domain, contracts) does no I/O and imports no Node built-ins.',
  })),
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', 'dist/', 'web/dist/', 'coverage/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts', 'contracts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...deterministic,
          patterns: [
            {
              group: ['**/activities/**', '**/integrations/**', '**/platform/**', '**/api/**'],
              allowTypeImports: true,
              message:
                'Workflows, domain and contracts import only types from activities, integrations, platform and api.',
            },
          ],
        },
      ],
    },
  },
);
