import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.cache/',
      'data/',
      'coverage/',
      'openapi.json',
      'libs/contract/src/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='synchronize'][value.value=true]",
          message: 'The schema changes only through migrations.',
        },
      ],
    },
  },
  {
    // Issue 19: SQL runs in repositories. Services, controllers, jobs and seeders call a
    // feature's `*.repository.ts`; the database plumbing in libs/core/src/database stays apart.
    files: ['libs/*/src/**/*.ts', 'apps/api/src/**/*.ts', 'apps/worker/src/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.spec.ts', 'libs/core/src/database/**', 'apps/api/src/schema-diff.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='synchronize'][value.value=true]",
          message: 'The schema changes only through migrations.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|getRepository)$/]',
          message: "SQL runs in repositories: move this statement into the feature's *.repository.ts.",
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(find|findOne|findOneBy|findBy|save|insert|update|delete|count|exists|upsert|remove)$/][callee.object.name=/^(manager|m|em|tx)$/]',
          message: "Data access runs in repositories: move this call into the feature's *.repository.ts.",
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(find|findOne|findOneBy|findBy|save|insert|update|delete|count|exists|upsert|remove)$/][callee.object.property.name=/^(manager|dataSource)$/]',
          message: "Data access runs in repositories: move this call into the feature's *.repository.ts.",
        },
      ],
    },
  },
  {
    // The protocol library runs in browsers too: no Node built-ins, no Buffer.
    files: ['libs/e2ee/src/**/*.ts'],
    ignores: ['libs/e2ee/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^node:', message: 'libs/e2ee is isomorphic: use Web APIs, not Node modules.' }] },
      ],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'libs/e2ee is isomorphic: use Uint8Array.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
