#!/usr/bin/env node
// `hotbackup` command: runs the built CLI (dist/cli.js). Build it with `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('hotbackup: not built yet. Run "npm run build" in the HotBackup folder first.\n');
  process.exit(2);
}
await import(entry.href);
