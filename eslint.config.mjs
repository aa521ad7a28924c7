// Flat config: typescript-eslint with type information, so promise misuse (floating or misused promises) is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'examples/**', 'test-results/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'test/fixtures/checklist-matrix/*.mjs'], maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 32 }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The core must stay usable from the CLI and plain-Node tests.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/cli must not import vscode; put editor code under src/editor.' }] }] },
  },
  {
    // Activation must stay cheap: editor code takes runtime values from the core only through src/editor/lazyCore.ts
    // (types are free), except from these dependency-free modules.
    files: ['src/editor/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!(model/finding|model/fileLanguage|analysis/suppressionPlacement|config/projectFileName|config/settingsSection|layout/layoutGrammar|layout/pathExplanation)$)',
              allowTypeImports: true,
              message: 'Load core modules through src/editor/lazyCore.ts (loadEngine, loadChecklistEngine, loadVerificationEngine): dist/core.js is loaded after activation. Type imports are fine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
