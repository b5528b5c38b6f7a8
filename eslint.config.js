// ESLint flat config. Besides the recommended rules it enforces the layers the README describes:
// routes → ui → (storage, scan, kiosk, batch, trust, pwa) → core, and tools → core's public modules.
// An import that points the other way fails `npm run lint` (tools/lint-boundaries.test.ts shows it).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Patterns for `no-restricted-imports` that refuse imports of the given folders of src/lib. */
const into = (folders, message) => ({
  regex: `^(?:(?:\\.\\./)+|\\./|\\$lib/)(?:lib/)?(?:${folders.join('|')})(?:/|\\.ts$|$)`,
  message
});
const UPWARD =
  'This import points up the layers (routes → ui → storage/scan/kiosk/batch → core); move the helper down instead.';
const TEST_ONLY = 'Production code never imports test helpers, test runners or Node built-ins.';

/** What no production file under src/ may import. */
const PRODUCTION = [
  { regex: '^(?:vitest|@vitest/|@playwright/|fake-indexeddb|fast-check|node:)', message: TEST_ONLY },
  { regex: '^(?:\\.\\./)+(?:tests|tools|shared)/', message: TEST_ONLY }
];

const restrict = (...patterns) => ['error', { patterns }];

export default ts.config(
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'test-results/',
      '.bench/',
      'node_modules/',
      'tests/vectors/',
      '**/*.svelte-kit/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The app is served from the root of its origin (the manifest's and service worker's scope): links are plain paths.
      'svelte/no-navigation-without-resolve': 'off'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
    }
  },
  // The layers, innermost first. Test files may reach anything.
  {
    files: ['src/lib/core/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        into(['storage', 'scan', 'kiosk', 'batch', 'ui', 'routes', 'trust', 'pwa'], UPWARD),
        {
          regex: '^(?:\\$app/|svelte|idb$)',
          message: 'The core is plain TypeScript: no Svelte, SvelteKit or IndexedDB.'
        },
        ...PRODUCTION
      )
    }
  },
  {
    files: ['src/lib/{storage,scan,kiosk,batch}/**', 'src/lib/{trust,pwa}.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(into(['ui', 'routes'], UPWARD), ...PRODUCTION) }
  },
  {
    files: ['src/lib/ui/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(into(['routes'], UPWARD), ...PRODUCTION) }
  },
  {
    files: ['src/routes/**', 'src/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(...PRODUCTION) }
  },
  {
    files: ['tools/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict({
        regex: '^(?:\\.\\./)+src/(?:routes/|lib/ui/|lib/core/formats/)',
        message:
          'Tools use the core through its public modules (verify, detect, config, compose, crypto/…), never a screen or a format parser.'
      })
    }
  }
);
