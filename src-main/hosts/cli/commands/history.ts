import type { Command } from 'commander';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatHistory } from '../history-format.js';
import { withConnection } from '../with-connection.js';

export function registerHistoryCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('history')
    .description('every HotBackup attempt (also those that failed before their folder existed, and missed scheduled slots), oldest first')
    .option('--last <n>', 'only the newest N')
    .option('--json', 'print JSON')
    .action(async (opts: { last?: string; json?: boolean }) => {
      const g = globals();
      const limit = opts.last === undefined ? undefined : Number(opts.last);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CliError(`--last "${opts.last}" must be a whole number above 0`, EXIT.BAD_INPUT);
      await withConnection(connect, g, async ({ bridge }) => {
        const listing = await call(bridge, 'history.list', limit ? { limit } : {});
        for (const m of listing.messages) process.stderr.write(`hotbackup: ${m}\n`);
        process.stdout.write((opts.json ? JSON.stringify(listing, null, 2) : formatHistory(listing)) + '\n');
      });
    });
}
