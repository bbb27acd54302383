/**
 * ESLint (typescript-eslint, recommended rules without type information: fast on a 2-core box).
 * The import boundaries of test/layers.ts become `no-restricted-imports` rules per src/ folder, so
 * an editor flags a forbidden import where it is typed; test/architecture.test.ts checks the same
 * table (and what a lint rule cannot: cycles, the table's own acyclicity).
 */
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import {LAYERS} from './test/layers.ts'

const folders = Object.keys(LAYERS).filter((l) => l !== 'errors' && l !== 'commands')

/** For each src/ folder: relative imports of the layers it may not use. */
const boundaries = folders.map((folder) => {
  const forbidden = folders.filter((l) => l !== folder && !LAYERS[folder]!.includes(l))
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((layer) => ({
            regex: `^(\\.\\./)+${layer}/`,
            message: `src/${folder} may not import src/${layer} (see test/layers.ts)`,
          })),
        },
      ],
    },
  }
})

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/**', 'fixtures/**', 'scripts/**', 'bin/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_'}],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `let x; const cb = () => x?.f(); x = await start(cb)`: a closure reads it before the one assignment.
      'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
      // 120 columns (STYLE); a warning until the existing long lines are reformatted (README "Lint").
      'max-len': ['warn', {code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true}],
    },
  },
  {files: ['src/**/*.ts'], rules: {'no-console': 'error'}},
  // Tests read JSON documents field by field; `any` there is the test's business, not the product's.
  {files: ['test/**/*.ts'], rules: {'@typescript-eslint/no-explicit-any': 'off'}},
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {'no-restricted-imports': ['error', {paths: [{name: '@oclif/core', message: 'only src/cli and commands/ know oclif'}]}]},
  },
  ...boundaries,
)
