// `npm start` (after `npm run build`): the desktop console when an Electron binary is
// installed and better-sqlite3 loads in it, with the renderer rebuilt and reloaded on every
// change; otherwise the headless Director, whose console opens in a browser. Extra arguments
// go to HotBackup (e.g. `npm start -- --config-dir /tmp/hb`). The choice is proven with a
// stand-in electron package by scripts/start.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The Electron executable the electron package points at, or why there is none. */
export function findElectron(require = createRequire(import.meta.url)) {
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { why: `the electron package points at ${path}, which does not exist` };
  } catch (err) {
    const message = String(err?.message ?? err).split('\n')[0];
    // electron/index.js throws this when its install script did not download the binary.
    if (/failed to install correctly/.test(message)) return { why: 'the Electron binary was not downloaded' };
    return { why: message };
  }
}

/** Why better-sqlite3 does not load in this Electron (built for Node's ABI, not Electron's), or null. */
export function nativeModulesProblem(electron, cwd = process.cwd()) {
  const probe = "const D=require('better-sqlite3'); new D(':memory:').close()";
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const r = spawnSync(electron, ['-e', probe], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return null;
  return (r.stderr || r.error?.message || `exit ${r.status}`).split('\n').find((l) => l.trim()) ?? 'unknown error';
}

/** Desktop console or headless Director, and why. */
export function chooseStart({ require, cwd } = {}) {
  const electron = findElectron(require);
  if (!electron.path) {
    return {
      mode: 'headless',
      reason:
        `the desktop console is not installed (${electron.why}). ` +
        '"npm run desktop:install" adds it on a machine that can download Electron.',
    };
  }
  const problem = nativeModulesProblem(electron.path, cwd);
  if (problem) {
    return {
      mode: 'headless',
      reason:
        `better-sqlite3 does not load in Electron (${problem}). Rebuild it for Electron with ` +
        '"npx @electron/rebuild -f -o better-sqlite3", and run "npm rebuild better-sqlite3" ' +
        'before using the CLI or the tests under Node again.',
    };
  }
  return { mode: 'desktop', electron: electron.path };
}

function run(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return child;
}

/** The desktop console: Electron on dist/electron-main.js, reloading when the renderer is rebuilt. */
export function launchDesktop(electron, args, env = process.env) {
  return run(electron, ['dist/electron-main.js', ...args], { ...env, HOTBACKUP_RELOAD: '1' });
}

/** The headless Director; it prints the console's address. */
export function launchHeadless(args, env = process.env) {
  return run(process.execPath, ['bin/hotbackup.js', ...args, 'director'], env);
}

async function main() {
  const args = process.argv.slice(2);
  const choice = chooseStart();
  if (choice.mode === 'headless') {
    console.log(`HotBackup: ${choice.reason}`);
    console.log('Starting the headless Director. Open the "Console:" address below in a browser; stop it with Ctrl+C.\n');
    const director = launchHeadless(args);
    director.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
    return;
  }
  // Rebuild the renderer on every change; the console reloads itself (HOTBACKUP_RELOAD, unpackaged only).
  const { build } = await import('vite');
  const watcher = await build({ mode: 'development', logLevel: 'warn', build: { watch: {} } });
  const app = launchDesktop(choice.electron, args);
  app.on('exit', async (code) => {
    if (watcher && 'close' in watcher) await watcher.close();
    process.exit(code ?? 0);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
