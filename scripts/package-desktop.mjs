// `npm run dist`: the desktop packages (AppImage, .deb, NSIS installer, dmg) into out/.
// electron-builder and its helpers (@electron/rebuild, node-abi) need Node 22.12 or newer
// and network access, and no server needs them, so they live in packaging/ with their own
// lockfile and are installed here, on first use, rather than by the project's `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `npm run dist: packaging needs Node 22.12 or newer (electron-builder's requirement); this is Node ${process.versions.node}. ` +
      'Run it with Node 22.12 or newer (Node 24 is the line of Electron 41); HotBackup itself also runs on Node 20.',
  );
  process.exit(2);
}

const win = process.platform === 'win32';
function step(command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit', shell: win });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync('packaging/node_modules/electron-builder/cli.js')) step('npm', ['ci', '--prefix', 'packaging']);
step(process.execPath, ['packaging/node_modules/electron-builder/cli.js', '--projectDir', '.', ...process.argv.slice(2)]);
