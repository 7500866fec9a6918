import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { depConstraints, specDepConstraints } from './module-boundaries.mjs';

const noMathRandom = {
  selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
  message: 'Inject a random source instead of Math.random().',
};
// docs/style.md "Schemas are built once": zod compiles a schema on its first parse (about 0.1 ms), so a schema built
// inside a function is compiled again on every call.
const noSchemaPerCall = {
  selector:
    ":function CallExpression[callee.object.name='z'][callee.property.name=/^(object|strictObject|looseObject|array|union|discriminatedUnion|tuple|record)$/]",
  message: 'Build the zod schema once, at module level: a schema built per call is compiled again on every parse.',
};

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.tools/**', '.local/**', '.nx/**', '**/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noMathRandom],
    },
  },
  {
    // Where rows and messages are parsed at run time (contracts keep their schema factories, run at module load).
    files: ['apps/*/src/**/*.ts', 'libs/*/adapters/**/*.ts', 'libs/platform/**/*.ts', 'tools/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.spec-support.ts'],
    rules: {
      'no-restricted-syntax': ['error', noMathRandom, noSchemaPerCall],
    },
  },
  {
    files: [
      'libs/**/domain/**/*.ts',
      'libs/contracts/**/*.ts',
      'libs/ocpp/protocol/**/*.ts',
      'libs/sim/device/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code takes time as an input (inject a clock).',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Domain code takes time as an input (inject a clock).',
        },
        noMathRandom,
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec-support.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: specDepConstraints },
      ],
    },
  },
];
