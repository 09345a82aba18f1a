import type { Command } from 'commander';
import { resolve } from 'node:path';
import { directoryProblems } from '../../../../shared/data-directory-checks.js';
import type { DataDirectory } from '../../../../shared/settings.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { directorPath } from '../server-path.js';
import { withConnection } from '../with-connection.js';

const optionNames = { path: 'DIR', label: '--label', exclude: '--exclude' } as const;

/** `data add` after the shared checks: the list to save, or a CliError naming each wrong option. */
export function addDirectory(existing: readonly DataDirectory[], hotBackupFolder: string, d: DataDirectory): DataDirectory[] {
  const problems = directoryProblems(d, { existing, editing: null, hotBackupFolder });
  const lines = (Object.keys(problems) as (keyof typeof problems)[]).map((k) => `${optionNames[k]}: ${problems[k]}`);
  if (lines.length) throw new CliError(`Nothing was saved. ${lines.join('; ')}`, EXIT.BAD_INPUT);
  return [...existing, d];
}

/** The entry `which` names: its path (as given or resolved) or its label. */
export function findDirectory(existing: readonly DataDirectory[], which: string): number {
  const i = existing.findIndex((d) => d.path === which || d.path === resolve(which) || (d.label !== '' && d.label === which));
  if (i < 0) {
    const known = existing.map((d) => (d.label ? `${d.path} (${d.label})` : d.path)).join(', ') || 'none';
    throw new CliError(`"${which}" is not a data directory (by path or label). The data directories are: ${known}.`, EXIT.BAD_INPUT);
  }
  return i;
}

export function formatDirectories(dirs: readonly DataDirectory[]): string {
  if (!dirs.length) return 'No data directories yet: add one with "hotbackup data add DIR".';
  return dirs
    .map((d) => `${d.path}${d.label ? `  label: ${d.label}` : ''}${d.exclude.length ? `  exclude: ${d.exclude.join(', ')}` : ''}${d.includeUnsettled ? '  include files that keep changing' : ''}`)
    .join('\n');
}

export function registerDataCommands(program: Command, globals: () => GlobalOptions): void {
  const data = program.command('data').description('the data directories every HotBackup copies');

  data
    .command('list')
    .description('list the data directories with their labels and exclude patterns')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withConnection(connect, globals(), async ({ bridge }) => {
        const { dataDirectories } = await call(bridge, 'settings.get', {});
        process.stdout.write((opts.json ? JSON.stringify(dataDirectories, null, 2) : formatDirectories(dataDirectories)) + '\n');
      });
    });

  data
    .command('add <dir>')
    .description('add a data directory (checked like the console: exists, readable, not the HotBackup folder, not nested, label unique)')
    .option('--label <label>', 'its folder name inside the backup (default: the folder name)', '')
    .option('--exclude <glob>', 'leave out matching files, relative to DIR (repeatable): *.tmp, cache/**', (g: string, all: string[]) => [...all, g], [])
    .option('--include-unsettled', 'include its files that never stop changing, with a warning, instead of failing the run')
    .action(async (dir: string, opts: { label: string; exclude: string[]; includeUnsettled?: boolean }) => {
      const g = globals();
      const path = directorPath(g, 'DIR', dir, '/srv/data/Clients');
      await withConnection(connect, g, async ({ bridge }) => {
        const current = await call(bridge, 'settings.get', {});
        const entry: DataDirectory = { path, label: opts.label.trim(), exclude: [...new Set(opts.exclude)], ...(opts.includeUnsettled ? { includeUnsettled: true } : {}) };
        const next = addDirectory(current.dataDirectories, current.folder.path, entry);
        await call(bridge, 'settings.update', { dataDirectories: next, baseRevision: current.revision });
        process.stdout.write(`Added ${entry.path}${entry.label ? ` (${entry.label})` : ''}.\n`);
      });
    });

  data
    .command('set <dir-or-label>')
    .description("change one data directory's options (the others stay as they are)")
    .option('--include-unsettled', 'include its files that never stop changing, with a warning, instead of failing the run')
    .option('--no-include-unsettled', 'fail the run on such a file, naming it (the default)')
    .action(async (which: string, opts: { includeUnsettled?: boolean }) => {
      if (opts.includeUnsettled === undefined) throw new CliError('Nothing to change: give --include-unsettled or --no-include-unsettled.', EXIT.BAD_INPUT);
      await withConnection(connect, globals(), async ({ bridge }) => {
        const current = await call(bridge, 'settings.get', {});
        const i = findDirectory(current.dataDirectories, which);
        const next = current.dataDirectories.map((d, j) => {
          if (j !== i) return d;
          const { includeUnsettled: _old, ...rest } = d;
          return opts.includeUnsettled ? { ...rest, includeUnsettled: true } : rest;
        });
        await call(bridge, 'settings.update', { dataDirectories: next, baseRevision: current.revision });
        const d = next[i]!;
        process.stdout.write(`${d.path}: files that keep changing are ${opts.includeUnsettled ? 'included with a warning' : 'not included (the run fails and names them)'}.\n`);
      });
    });

  data
    .command('remove <dir-or-label>')
    .description('stop backing up a data directory (its files in existing backups stay)')
    .action(async (which: string) => {
      await withConnection(connect, globals(), async ({ bridge }) => {
        const current = await call(bridge, 'settings.get', {});
        const i = findDirectory(current.dataDirectories, which);
        const gone = current.dataDirectories[i]!;
        await call(bridge, 'settings.update', { dataDirectories: current.dataDirectories.filter((_, j) => j !== i), baseRevision: current.revision });
        process.stdout.write(`Removed ${gone.path}; existing backups still hold its files.\n`);
      });
    });
}
