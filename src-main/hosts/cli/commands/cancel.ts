import type { Command } from 'commander';
import { call } from '../call.js';
import { connect } from '../connect.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';
import { currentUser } from './backup.js';

export function registerCancelCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('cancel')
    .description('cancel the HotBackup in progress: it is recorded Failed "cancelled by <user>" and its work files are removed')
    .option('--user <name>', 'who cancels (default: this account)')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const r = await call(bridge, 'run.cancel', { user: opts.user ?? currentUser() });
        if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else process.stdout.write(r.cancelled ? `Cancelling the HotBackup in progress (recorded as cancelled by ${r.by}).\n` : 'No HotBackup is running: nothing to cancel.\n');
      });
    });
}
