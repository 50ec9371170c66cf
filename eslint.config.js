// Lint rules that keep the layering of docs/architecture.md true by themselves:
// no `any`, import boundaries between the layers, koa only at the HTTP edge, process.env only
// in gateway/config.ts, and a warning when a file grows past 300 lines.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (names, message) => ({
  regex: `^(\\.\\./)+(${names.join('|')})/`,
  message,
});

const koaOnlyAtTheEdge = {
  paths: [
    { name: 'koa', message: 'Only gateway/app.ts, routers, routes/ and middleware/ import koa.' },
    {
      name: '@koa/router',
      message: 'Only gateway/app.ts, routers, routes/ and middleware/ import @koa/router.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tmp/', 'data/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { URL: 'readonly', process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['gateway/console/assets/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        HTMLFormElement: 'readonly',
        HTMLInputElement: 'readonly',
      },
    },
  },
  {
    files: ['gateway/console/assets/push.js', 'gateway/console/assets/push-sw.js'],
    languageOptions: {
      globals: {
        self: 'readonly',
        navigator: 'readonly',
        Notification: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        atob: 'readonly',
      },
    },
  },
  {
    rules: {
      // Control characters are matched on purpose: the inputs being checked must not carry them.
      'no-control-regex': 'off',
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'max-lines': ['warn', { max: 300 }],
    },
  },
  {
    files: ['store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...koaOnlyAtTheEdge,
          patterns: [
            layer(
              ['gateway', 'adapters', 'sync', 'formats', 'scripts'],
              'store/ imports no other layer.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['formats/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...koaOnlyAtTheEdge,
          patterns: [
            layer(
              ['gateway', 'adapters', 'sync', 'scripts'],
              'formats/ holds pure codecs: they import only store/ types.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...koaOnlyAtTheEdge,
          patterns: [
            layer(['gateway', 'sync', 'scripts'], 'adapters/ never import gateway/ or sync/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['sync/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...koaOnlyAtTheEdge,
          patterns: [layer(['gateway', 'scripts'], 'sync/ never imports gateway/.')],
        },
      ],
    },
  },
  {
    files: ['gateway/**/*.ts'],
    ignores: [
      'gateway/app.ts',
      'gateway/**/router.ts',
      'gateway/**/routes/**',
      'gateway/middleware/**',
    ],
    rules: { 'no-restricted-imports': ['error', koaOnlyAtTheEdge] },
  },
  {
    files: [
      'gateway/**/*.ts',
      'adapters/**/*.ts',
      'formats/**/*.ts',
      'sync/**/*.ts',
      'store/**/*.ts',
    ],
    ignores: ['gateway/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Configuration is read in gateway/config.ts only.',
        },
      ],
    },
  },
);
