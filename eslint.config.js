/**
 * Lint for the whole repository (`npm run lint`, first step of `npm test`): the Vue and TypeScript recommended
 * configs, plus the import boundaries the architecture depends on:
 * - functions/src/domain is pure: no Firebase, and nothing outside itself (npm libraries like date-fns are fine);
 * - web/ takes nothing from functions/ but the domain, through the `@domain` alias.
 */
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-*/**', 'functions/lib/**', '.cache/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `_` marks a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['functions/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(firebase|firebase-admin|firebase-functions)(/|$)|^@firebase/', message: 'functions/src/domain is pure: no Firebase imports.' },
            { regex: '^\\.\\./|^@/|^@domain/', message: 'functions/src/domain imports nothing outside itself (use ./ within the domain).' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)functions/', message: 'The web imports nothing from functions/ except the domain, through @domain/*.' },
          ],
        },
      ],
    },
  },
)
