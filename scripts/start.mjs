// `npm start` (after `npm run build`): the desktop console when an Electron binary is
// installed, with the renderer rebuilt and reloaded on every change; otherwise the headless
// Director, whose console opens in a browser. Extra arguments go to HotBackup
// (e.g. `npm start -- --config-dir /tmp/hb`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const passArgs = process.argv.slice(2);

/** The Electron executable, or why there is none. */
function findElectron() {
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { why: `the electron package points at ${path}, which does not exist` };
  } catch (err) {
    return { why: String(err.message ?? err).split('\n')[0] };
  }
}

/** better-sqlite3 must be built for Electron's ABI, not Node's, to load in the console. */
function nativeModulesProblem(electron) {
  const probe = "const D=require('better-sqlite3'); new D(':memory:').close()";
  const r = spawnSync(electron, ['-e', probe], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return null;
  return (r.stderr || r.error?.message || `exit ${r.status}`).split('\n').find((l) => l.trim()) ?? 'unknown error';
}

function run(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return child;
}

function startHeadless(reason) {
  console.log(`HotBackup: ${reason}`);
  console.log('Starting the headless Director instead. Open the "Console:" address below in a browser; stop it with Ctrl+C.\n');
  const director = run(process.execPath, ['bin/hotbackup.js', ...passArgs, 'director']);
  director.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
}

const electron = findElectron();
if (!electron.path) {
  startHeadless(
    `the Electron binary is not installed (${electron.why}). On a machine that can download it, run "npm ci" (without ELECTRON_SKIP_BINARY_DOWNLOAD) to get the desktop console.`,
  );
} else {
  const problem = nativeModulesProblem(electron.path);
  if (problem) {
    startHeadless(
      `better-sqlite3 does not load in Electron (${problem}). Rebuild it for Electron with "npx electron-builder install-app-deps", ` +
        'and run "npm rebuild better-sqlite3" before using the CLI or the tests under Node again.',
    );
  } else {
    // Rebuild the renderer on every change; the console reloads itself (HOTBACKUP_RELOAD, unpackaged only).
    const { build } = await import('vite');
    const watcher = await build({ mode: 'development', logLevel: 'warn', build: { watch: {} } });
    const app = run(electron.path, ['dist/electron-main.js', ...passArgs], { ...process.env, HOTBACKUP_RELOAD: '1' });
    app.on('exit', async (code) => {
      if (watcher && 'close' in watcher) await watcher.close();
      process.exit(code ?? 0);
    });
  }
}
