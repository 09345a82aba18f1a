import { directorPath } from '../server-path.js';
import type { Command } from 'commander';
import type { Bridge } from '../../../../shared/contract.js';
import type { VaultProgress } from '../../../../shared/vault.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatDetail, formatListing, formatProgress, formatRepairs, formatRestore, formatVerify } from '../vault-format.js';
import { withConnection } from '../with-connection.js';

const print = (text: string) => process.stdout.write(text + '\n');
const json = (value: unknown) => print(JSON.stringify(value, null, 2));

/** Progress on stderr: one rewritten line on a terminal, a line per step otherwise. */
function showProgress(bridge: Bridge): () => void {
  let lastStep = '';
  const off = bridge.on('vault.progress', (p: VaultProgress) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${formatProgress(p).slice(0, (process.stderr.columns || 80) - 1).padEnd((process.stderr.columns || 80) - 1)}`);
    else if (p.step !== lastStep) process.stderr.write(formatProgress(p) + '\n');
    lastStep = p.step;
  });
  return () => {
    off();
    if (process.stderr.isTTY && lastStep) process.stderr.write('\n');
  };
}

export function registerVaultCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('list')
    .description('list the backups in the HotBackup folder (ID, folder, trigger, started, duration, result, files, bytes, user, error)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const listing = await call(bridge, 'vault.list', {});
        for (const m of formatRepairs(listing)) process.stderr.write(m + '\n');
        if (opts.json) json(listing);
        else print(formatListing(listing));
      });
    });

  program
    .command('show <id>')
    .description("show one backup's details and its HB.LOG")
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const detail = await call(bridge, 'vault.show', { id });
        if (opts.json) json(detail);
        else print(formatDetail(detail));
      });
    });

  program
    .command('verify <id>')
    .description('re-check a stored backup against its MANIFEST.json (exit 1 when damaged); the result goes into its HB.LOG')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const g = globals();
      const ok = await withConnection(connect, g, async ({ bridge }) => {
        const done = showProgress(bridge);
        try {
          const result = await call(bridge, 'vault.verify', { id });
          done();
          if (opts.json) json(result);
          else print(formatVerify(result));
          return result.ok;
        } finally {
          done();
        }
      });
      if (!ok) throw new CliError(`backup ${id} failed verification`, EXIT.RUN_FAILED);
    });

  program
    .command('restore <id>')
    .description(
      'restore a backup (or the paths chosen with --path) into an empty or new folder (--to, admin), or without --to into a new folder <ID>-<time> the Director makes in its restore folder (operator)',
    )
    .option('--to <dir>', 'the folder on the Director\'s machine to restore into: empty or not yet existing (admin only)')
    .option('--path <glob...>', 'restore only these archive paths (globs such as "data/Clients" or "*.db"); repeatable')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { to?: string; path?: string[]; json?: boolean }) => {
      const g = globals();
      const to = opts.to === undefined ? undefined : directorPath(g, '--to', opts.to, `/srv/restores/${id}`);
      const failed = await withConnection(connect, g, async ({ bridge }) => {
        const done = showProgress(bridge);
        try {
          const paths = opts.path ?? [];
          const summary = to === undefined ? await call(bridge, 'vault.restoreNew', { id, paths }) : await call(bridge, 'vault.restore', { id, to, paths });
          done();
          if (opts.json) json(summary);
          else print(formatRestore(summary));
          return summary.failed.length;
        } finally {
          done();
        }
      });
      if (failed > 0) throw new CliError(`${failed} selected entr${failed === 1 ? 'y' : 'ies'} of backup ${id} could not be restored (listed above); everything else was restored`, EXIT.RUN_FAILED);
    });

  program
    .command('delete <id>')
    .description('delete a backup; deleting a successful one also deletes the failed backups older than it')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const { deleted } = await call(bridge, 'vault.delete', { id });
        if (opts.json) json({ deleted });
        else print(`Deleted ${deleted.join(', ')}.`);
      });
    });
}
