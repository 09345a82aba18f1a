// Bundle the main-side entries with esbuild (type checking is `npm run typecheck`).
// Dependencies stay external: native better-sqlite3 and friends load from node_modules.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

const esm = {
  'dist/cli': 'src-main/hosts/cli/entry.ts',
  'dist/electron-main': 'src-main/hosts/electron/main.ts',
  'dist/backup-worker': 'src-main/engine/worker/backup-worker.ts',
};
const entryPoints = Object.fromEntries(Object.entries(esm).filter(([, src]) => existsSync(src)));

await build({ ...common, format: 'esm', entryPoints, outdir: '.', outExtension: { '.js': '.js' }, external: ['electron'] });
if (existsSync('src-main/hosts/electron/preload.ts')) {
  // A sandboxed preload must be CommonJS and self-contained: its require() knows only electron.
  await build({ ...common, packages: 'bundle', minify: true, format: 'cjs', entryPoints: ['src-main/hosts/electron/preload.ts'], outfile: 'dist/preload.cjs', external: ['electron'] });
}
