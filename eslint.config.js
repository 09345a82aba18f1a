// Lint: typescript-eslint plus the layer rule of DESIGN §3:
//   shared <- engine <- director <- hosts;  shared <- src-renderer.
// Only src-main/hosts/electron may import electron. A wrong arrow fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronBan = { name: 'electron', message: 'Only src-main/hosts/electron may import electron (DESIGN §3).' };
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-renderer/**', 'test-results/**', 'playwright-report/**', 'bench/data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [
          pattern(['node:*', 'fs', 'path', 'os', 'crypto', 'child_process'], 'shared/ runs in the browser too: no Node built-ins.'),
          pattern(['**/src-main/**', '**/src-renderer/**', 'react', 'zustand', 'ws', 'better-sqlite3'], 'shared/ imports only zod.'),
        ],
      }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [pattern(['**/director/**', '**/hosts/**', '**/src-renderer/**'], 'engine/ imports only shared/ and Node (DESIGN §3).')],
      }],
    },
  },
  {
    files: ['src-main/director/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [pattern(['**/hosts/**', '**/src-renderer/**'], 'director/ imports only shared/, engine/ and Node (DESIGN §3).')],
      }],
    },
  },
  {
    files: ['src-main/hosts/service/**/*.ts', 'src-main/hosts/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [pattern(['**/hosts/electron/**', '**/src-renderer/**'], 'service/ and cli/ must not reach into the Electron host or the renderer.')],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [pattern(['**/src-main/**', 'node:*', 'fs', 'path', 'os', 'ws', 'better-sqlite3'], 'The renderer talks to the Director only through the Bridge; import shared/ only.')],
      }],
    },
  },
  {
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='ipcMain'][property.name=/^(on|handle|once)$/]",
        message: 'Register IPC only through the contract adapter (ipc-adapter.ts).',
      }],
    },
  },
);
