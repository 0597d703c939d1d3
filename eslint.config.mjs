// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration enters once, through libs/config.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read configuration through @app/config' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*/src/*', '../../../libs/*'],
              message: 'import a lib through its public door @app/x',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/config/src/app-config.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests read fixtures and bodies of any shape.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['*.js'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  {
    // The domain is plain TypeScript: no framework, ORM, queue or I/O.
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'typeorm/*',
                'bullmq',
                'ioredis',
                'pg',
                'express',
                'node:fs',
                'fs',
                'node:net',
                'node:http',
              ],
              message: 'libs/domain must stay free of frameworks and I/O',
            },
            { group: ['@app/*'], message: 'libs/domain depends on no other lib' },
          ],
        },
      ],
    },
  },
);
