// Bundle the main-side entries with esbuild (type checking is `npm run typecheck`).
// Dependencies stay external: native better-sqlite3 and friends load from node_modules.
// The bundles are found by path at run time (dist/backup-worker.js by the run, dist/preload.cjs by
// the window, dist/cli.js by bin/hotbackup.js), so an entry that is not where this script looks
// stops the build, naming it (scripts/build-main.test.ts): a moved source must not leave the old
// bundle in dist/, or none.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

const esm = {
  'dist/cli': 'src-main/hosts/cli/entry.ts',
  'dist/electron-main': 'src-main/hosts/electron/main.ts',
  'dist/backup-worker': 'src-main/engine/worker/backup-worker.ts',
};
const preload = 'src-main/hosts/electron/preload.ts';

const missing = [...Object.values(esm), preload].filter((src) => !existsSync(src));
if (missing.length > 0) {
  process.stderr.write(`build:main: ${missing.join(', ')} not found. A source moved: point scripts/build-main.mjs at its new place.\n`);
  process.exit(1);
}

await build({ ...common, format: 'esm', entryPoints: esm, outdir: '.', outExtension: { '.js': '.js' }, external: ['electron'] });
// A sandboxed preload must be CommonJS and self-contained: its require() knows only electron.
await build({ ...common, packages: 'bundle', minify: true, format: 'cjs', entryPoints: [preload], outfile: 'dist/preload.cjs', external: ['electron'] });
