// `npm ci` / `npm install` (postinstall) and `npm run desktop:install`: fetch the Electron
// binary for the desktop console, or say in one line why there is none — never fail the
// install. package.json's `allowScripts` denies electron's own install script (npm ≥ 11.16
// skips it silently), because that script fails the whole install where the binary cannot
// be downloaded (a server behind a proxy, an air-gapped site, CI). This runs the same script,
// electron/install.js, and keeps its failure to itself: without Electron, `npm start` runs
// the headless Director and its web console. Hand-written because no npm tool makes one
// dependency's install script optional.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const HEADLESS = '"npm start" runs the headless Director and its web console';
const notInstalled = (why) => `HotBackup: desktop console not installed — ${why}. ${HEADLESS}.`;

/** The one line for a failed download, from electron/install.js's stderr: the cause in words. */
export function downloadFailure(stderr, status) {
  const text = String(stderr ?? '');
  const host = /(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\s+([\w.-]+(?::\d+)?)/.exec(text)?.[1];
  const named = host ? `${host} ` : 'the download host ';
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `${named}cannot be found: no network or DNS`;
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(text)) return `no connection to ${named.trim()}: a firewall or a proxy`;
  const http = /Response code (\d{3})|HTTPError: Response code (\d{3})|status code (\d{3})/i.exec(text);
  if (http) return `the download server answered HTTP ${http[1] ?? http[2] ?? http[3]}`;
  if (/checksum/i.test(text)) return 'the downloaded file did not match its checksum';
  if (status === null) return 'the download took too long and was stopped';
  const lines = text.split('\n').map((l) => l.trim());
  const first = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.find((l) => l && !l.startsWith('at '));
  return first ? `the download failed: ${first}` : `electron's install script ended with exit code ${status}`;
}

/** Installs the Electron binary if it can; returns the one line to print. */
export function installElectron({ require = createRequire(import.meta.url), env = process.env, timeoutMs = 10 * 60_000 } = {}) {
  let pkgJson;
  try {
    pkgJson = require.resolve('electron/package.json');
  } catch {
    return notInstalled('the electron package was left out of this install');
  }
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8'));
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return notInstalled('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
  }
  const script = join(dirname(pkgJson), 'install.js');
  const r = spawnSync(process.execPath, [script], { cwd: dirname(pkgJson), env, encoding: 'utf8', timeout: timeoutMs });
  if (r.status === 0 && binaryPresent(dirname(pkgJson), env)) return `HotBackup: desktop console installed (Electron ${version}).`;
  const why = r.status === 0 ? "electron's install script finished but left no binary" : downloadFailure(r.stderr || r.error?.message, r.status);
  return notInstalled(`Electron ${version} could not be downloaded (${why}); "npm run desktop:install" tries again`);
}

function binaryPresent(dir, env) {
  const pathTxt = join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return false;
  const base = env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist');
  return existsSync(join(base, readFileSync(pathTxt, 'utf8')));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(installElectron());
}
