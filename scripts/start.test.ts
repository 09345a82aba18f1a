import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { chooseStart, launchDesktop } from './start.mjs';

type Choice = { mode: 'desktop'; electron: string } | { mode: 'headless'; reason: string };

// `npm start` picks the desktop console or the headless Director. A stand-in electron
// package (node_modules/electron whose index.js names a fake binary) proves the choice: the
// fake binary runs Node for the better-sqlite3 probe (ELECTRON_RUN_AS_NODE) and, when
// launched as the app, writes down its arguments.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-start-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A project folder whose node_modules/electron points at a fake binary; returns its require. */
async function standInElectron(probe: 'loads' | 'wrong-abi'): Promise<{ require: NodeRequire; record: string }> {
  const pkg = join(dir, 'project', 'node_modules', 'electron');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0-stand-in', main: 'index.js' }));
  await writeFile(join(pkg, 'index.js'), "module.exports = require('path').join(__dirname, 'fake-electron');\n");
  const record = join(dir, 'launched.txt');
  const asNode =
    probe === 'loads'
      ? `exec "${process.execPath}" "$@"`
      : 'echo "Error: The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115." >&2; exit 1';
  const script = [
    '#!/bin/sh',
    `if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then ${asNode}; fi`,
    `{ echo launched; for a in "$@"; do echo "$a"; done; echo "HOTBACKUP_RELOAD=$HOTBACKUP_RELOAD"; } > "${record}"`,
  ].join('\n');
  await writeFile(join(pkg, 'fake-electron'), script + '\n');
  await chmod(join(pkg, 'fake-electron'), 0o755);
  return { require: createRequire(join(dir, 'project', 'package.json')), record };
}

describe('npm start chooses', () => {
  it('the desktop console when Electron is installed and better-sqlite3 loads in it, and launches it', async () => {
    const { require, record } = await standInElectron('loads');
    const choice = chooseStart({ require }) as Choice;
    expect(choice).toEqual({ mode: 'desktop', electron: join(dir, 'project', 'node_modules', 'electron', 'fake-electron') });
    if (choice.mode !== 'desktop') return;

    const app = launchDesktop(choice.electron, ['--config-dir', join(dir, 'cfg')]);
    const [code] = (await once(app, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect((await readFile(record, 'utf8')).split('\n')).toEqual([
      'launched',
      'dist/electron-main.js',
      '--config-dir',
      join(dir, 'cfg'),
      'HOTBACKUP_RELOAD=1',
      '',
    ]);
  });

  it('the headless Director, with the rebuild commands, when better-sqlite3 is built for Node instead of Electron', async () => {
    const { require, record } = await standInElectron('wrong-abi');
    const choice = chooseStart({ require }) as Choice;
    expect(choice.mode).toBe('headless');
    if (choice.mode !== 'headless') return;
    expect(choice.reason).toContain('NODE_MODULE_VERSION 115');
    expect(choice.reason).toContain('npx @electron/rebuild -f -o better-sqlite3');
    expect(choice.reason).toContain('npm rebuild better-sqlite3');
    expect(existsSync(record)).toBe(false);
  });

  it('the headless Director when the electron package has no binary (its download failed)', async () => {
    const pkg = join(dir, 'project', 'node_modules', 'electron');
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
    // What electron/index.js does without path.txt.
    await writeFile(join(pkg, 'index.js'), "throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');\n");
    const choice = chooseStart({ require: createRequire(join(dir, 'project', 'package.json')) }) as Choice;
    expect(choice).toEqual({
      mode: 'headless',
      reason: 'the desktop console is not installed (the Electron binary was not downloaded). "npm run desktop:install" adds it on a machine that can download Electron.',
    });
  });

  it('the headless Director when there is no electron package at all', async () => {
    const choice = chooseStart({ require: createRequire(join(dir, 'package.json')) }) as Choice;
    expect(choice.mode).toBe('headless');
    if (choice.mode === 'headless') expect(choice.reason).toMatch(/^the desktop console is not installed \(Cannot find module 'electron'/);
  });
});

describe('npm start without an Electron binary', () => {
  it('says so in one line and prints the headless Director console address', async () => {
    if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run "npm run build" before this test');
    // Electron's own override: the package now points into an empty folder, as after an
    // install whose download failed.
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron') };
    const child = spawn(process.execPath, ['scripts/start.mjs', '--config-dir', join(dir, 'cfg')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /Console: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`start.mjs exited (${code}) before printing the console address:\n${out}`)));
    });
    try {
      // The address serves the web console.
      const page = await fetch(address.replace(/#.*/, ''));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    expect(out.split('\n').filter((l) => l.includes('desktop console is not installed'))).toHaveLength(1);
  });
});
