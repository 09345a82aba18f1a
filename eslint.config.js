// Lint: typescript-eslint plus the layer rule of DESIGN §3:
//   shared <- base <- engine <- director <- hosts;  shared <- src-renderer.
// director/ and hosts/ see the engine only through its face, src-main/engine/index.ts; the engine's
// own files never import that face (it would loop). Only src-main/hosts/electron may import
// electron. A wrong arrow fails `npm test` (scripts/layers.test.ts proves each rule bites).
// Inside hosts/, the three hosts (cli, electron, service) never import one another; what two of
// them share lives in hosts/client/ (the in-process bridge, the WebSocket and HTTPS clients with
// certificate pinning, "open the Director", the Director's certificate), which every host may
// import. hosts/client imports no host except the service's entry, service.ts: opening the
// Director in-process (the console, `hotbackup director`) starts its API.
// The rule reads import paths as written: each relative path is written the one short way
// (hotbackup/plain-import-path: no `./../x`, no `../client/../cli/x`, no `../../engine/index.js`
// from inside the engine), and production code has no import() expression or import('…') type,
// which no-restricted-imports does not read.
import { dirname, posix, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronBan = { name: 'electron', message: 'Only src-main/hosts/electron may import electron (DESIGN §3).' };
const pattern = (group, message) => ({ group, message });
// Any path into the engine but its face. Tests may reach inside (they test the parts).
const engineDeep = pattern(['**/engine/*', '!**/engine/index.js'], 'Import the engine through src-main/engine/index.js, its only face (issue 20): add the name there if it is missing.');
// A folder of hosts/ as an import names it: `hosts/X/` anywhere, or `../X/`, `../../X/` from inside a sibling.
const hostFolder = (name, rest = '') => `(^|/)hosts/${name}/${rest}|^(\\.\\./)+${name}/${rest}`;
const siblingHosts = (names, message) => ({ regex: names.map((n) => hostFolder(n)).join('|'), message });
const hostsMessage = (me) =>
  `A host must not import a sibling host (${me} may import hosts/client/, shared/, base/, director/, engine/index.js and Node): move what two hosts share into hosts/client/.`;

/** A relative import path as short as it can be written ('../x.js', './y/z.js'), from the importing file's folder. */
function plainPath(fromDir, spec) {
  const rel = relative(fromDir, resolve(fromDir, spec)).split(sep).join(posix.sep);
  if (rel === '') return './';
  return rel === '..' || rel.startsWith('../') ? rel : `./${rel}`;
}
const plainImportPath = {
  meta: { type: 'problem', schema: [], messages: { plain: "Write this import path as '{{plain}}': the layer rule reads paths as written (issue 20)." } },
  create(context) {
    const dir = dirname(context.filename);
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const plain = plainPath(dir, source.value);
      if (plain !== source.value && `${plain}/` !== source.value) context.report({ node: source, messageId: 'plain', data: { plain } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression),
    };
  },
};
// Test support (testing/ folders, *.test.ts) is outside the layer rule: production code importing
// it could reach past the rule through it, and would ship test code.
const noTestSupport = {
  meta: { type: 'problem', schema: [], messages: { testing: 'Production code does not import test support ({{path}}): the layer rule does not apply there.' } },
  create(context) {
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      if (/(^|\/)testing\/|\.test(\.[jt]sx?)?$|(^|\/)e2e\//.test(source.value)) context.report({ node: source, messageId: 'testing', data: { path: source.value } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
    };
  },
};
const hotbackupPlugin = { rules: { 'plain-import-path': plainImportPath, 'no-test-support': noTestSupport } };
// import() and import('…') types: the layer rule cannot read them, so production code has none.
const noUncheckedImports = [
  { selector: 'ImportExpression', message: 'No import() in production code: the layer rule (no-restricted-imports) cannot check it. Import statically.' },
  { selector: 'TSImportType', message: "No import('…') types in production code: the layer rule cannot check them. Use import type." },
];
const ipcOnlyThroughAdapter = {
  selector: "MemberExpression[object.name='ipcMain'][property.name=/^(on|handle|once)$/]",
  message: 'Register IPC only through the contract adapter (ipc-adapter.ts).',
};
const productionFiles = ['shared/**/*.ts', 'src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'];
const rendererBan = pattern(['**/src-renderer/**'], 'Hosts do not import the renderer; the renderer is served as built files.');

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
    files: productionFiles,
    plugins: { hotbackup: hotbackupPlugin },
    rules: { 'hotbackup/plain-import-path': 'error', 'hotbackup/no-test-support': 'error', 'no-restricted-syntax': ['error', ...noUncheckedImports] },
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
    files: ['src-main/base/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [pattern(['**/engine/**', '**/director/**', '**/hosts/**', '**/src-renderer/**'], 'base/ holds general helpers below engine and director: it imports only shared/ and Node.')],
      }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [
          pattern(['**/director/**', '**/hosts/**', '**/src-renderer/**'], 'engine/ imports only shared/, base/ and Node (DESIGN §3).'),
          pattern(['./index.js', '../index.js', '../../index.js'], "The engine's own files import each other directly, never its face index.ts (the face imports them)."),
        ],
      }],
    },
  },
  {
    files: ['src-main/director/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [pattern(['**/hosts/**', '**/src-renderer/**'], 'director/ imports only shared/, base/, engine/ and Node (DESIGN §3).'), engineDeep],
      }],
    },
  },
  {
    files: ['src-main/hosts/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [rendererBan, siblingHosts(['electron', 'service'], hostsMessage('cli/')), engineDeep] }],
    },
  },
  {
    files: ['src-main/hosts/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [rendererBan, siblingHosts(['electron', 'cli'], hostsMessage('service/')), engineDeep] }],
    },
  },
  {
    files: ['src-main/hosts/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [
          rendererBan,
          siblingHosts(['cli', 'electron'], 'hosts/client/ is what the hosts share: it imports no host (only the service\'s entry, service.ts, to start the API in-process).'),
          { regex: hostFolder('service', '(?!service\\.js$)'), message: 'hosts/client/ may import only the service\'s entry (service.ts, to start the API in-process), not its parts.' },
          engineDeep,
        ],
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
    files: ['src-main/hosts/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['**/src-renderer/**'], 'The renderer is a separate bundle; the Electron host serves it, never imports it.'), siblingHosts(['cli', 'service'], hostsMessage('electron/')), engineDeep],
      }],
    },
  },
  {
    files: ['e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}', '**/*.test.ts', '**/*.test.tsx', '**/testing/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'hotbackup/plain-import-path': 'off', 'hotbackup/no-test-support': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ipcOnlyThroughAdapter] },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-syntax': ['error', ...noUncheckedImports, ipcOnlyThroughAdapter] },
  },
);
