import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { downloadFailure, installElectron } from './install-electron.mjs';

// The postinstall runs electron's own install.js. A stand-in electron package whose install.js
// downloads (writes the binary and path.txt, as the real one does) or fails the way the real
// one fails offline shows what `npm ci` prints on both kinds of machine.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-install-electron-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function standIn(installJs: string): Promise<NodeRequire> {
  const pkg = join(dir, 'node_modules', 'electron');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '41.7.1', main: 'index.js' }));
  await writeFile(join(pkg, 'install.js'), installJs);
  return createRequire(join(dir, 'package.json'));
}

const downloads = `const fs = require('fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');`;
const offline = `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/index.js:970:111)'); process.exit(1);`;
const env = { PATH: process.env.PATH };

describe('npm ci, the Electron binary', () => {
  it('downloaded: says the desktop console is installed', async () => {
    const require = await standIn(downloads);
    expect(installElectron({ require, env })).toBe('HotBackup: desktop console installed (Electron 41.7.1).');
  });

  it('not downloadable: one line with the cause in words, what npm start does and how to retry', async () => {
    const require = await standIn(offline);
    const line = installElectron({ require, env }) as string;
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe(
      'HotBackup: desktop console not installed — Electron 41.7.1 could not be downloaded (github.com cannot be found: no network or DNS); ' +
        '"npm run desktop:install" tries again. "npm start" runs the headless Director and its web console.',
    );
  });

  it('install script ends well but leaves no binary: not installed', async () => {
    const require = await standIn('');
    expect(installElectron({ require, env })).toContain("electron's install script finished but left no binary");
  });

  it('skipped on purpose, or the package left out: says so without running anything', async () => {
    const require = await standIn('throw new Error("must not run")');
    expect(installElectron({ require, env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    const elsewhere = await mkdtemp(join(tmpdir(), 'hb-no-electron-'));
    try {
      expect(installElectron({ require: createRequire(join(elsewhere, 'package.json')), env })).toContain('the electron package was left out of this install');
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('downloadFailure words the cause', () => {
  it.each([
    ['RequestError: getaddrinfo ENOTFOUND github.com', 1, 'github.com cannot be found: no network or DNS'],
    ['RequestError: connect ECONNREFUSED 10.0.0.1:443', 1, 'no connection to 10.0.0.1:443: a firewall or a proxy'],
    ['HTTPError: Response code 404 (Not Found) for https://github.com/…', 1, 'the download server answered HTTP 404'],
    ['Error: Generated checksum for "electron.zip" did not match expected checksum.', 1, 'the downloaded file did not match its checksum'],
    ['', null, 'the download took too long and was stopped'],
    ['/x/install.js:1\nthrow new Error("disk")\n\nError: EACCES: permission denied, mkdir \'dist\'\n    at x', 1, "the download failed: Error: EACCES: permission denied, mkdir 'dist'"],
  ])('%s', (stderr, status, expected) => {
    expect(downloadFailure(stderr, status)).toBe(expected);
  });
});
