// `npm run lint` (and the first step of `npm test`): eslint's and typescript-eslint's recommended
// rules, without type information (fast; tsc checks the types) and without formatting rules.
// Each departure from the recommended sets says why.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'dist/', 'out/', 'out-*/', '.vscode-e2e/', '.vscode-test/', '.bench/', '.sample-workspace/', 'e2e-shots/', 'test-results/', 'test/fixtures/',
    // Written by genSchema.mjs from the .proto files; the generator is linted, its output is data.
    '**/*.generated.ts',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { blobs: _blobs, ...settings } = layer` is how a property is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // `try { … } catch {}` is the scripts' way to say "missing is fine"; a catch that should
      // handle something is a review matter, not a lint error.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      // tsc checks this with types (noFallthroughCasesInSwitch in tsconfig): it knows that a
      // case ending in a `never` call such as `this.fail(…)` does not fall through; eslint,
      // without types, reports those as fallthroughs.
      'no-fallthrough': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read reference JSON written by other tools (protoc summaries, reports); typing
      // every field of those files would be ceremony without a reader.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The build, test and bench scripts and the schema generators run on Node, untyped.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
