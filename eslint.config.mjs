import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { depConstraints, specDepConstraints } from './module-boundaries.mjs';

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
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Inject a random source instead of Math.random().',
        },
      ],
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
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Inject a random source instead of Math.random().',
        },
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
