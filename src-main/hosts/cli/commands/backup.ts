import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatOutcome, formatStep } from '../run-format.js';
import { withConnection } from '../with-connection.js';

export const currentUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
};

export function registerBackupCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('backup')
    .description('make a HotBackup now (or join the one in progress) and wait for it; exit 0 succeeded, 1 failed')
    .option('--user <name>', 'who asks (default: this account)')
    .option('--task <text>', 'why, e.g. "Month-end close"', '')
    .option('--no-wait', 'start it and return at once')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; task: string; wait: boolean; json?: boolean }) => {
      const g = globals();
      const asJson = Boolean(opts.json || g.json);
      await withConnection(connect, g, async ({ bridge }) => {
        let last = '';
        const off = bridge.on('status.changed', (s) => {
          if (asJson || !s.run) return;
          const step = formatStep(s);
          if (step !== last) process.stderr.write(`${step}\n`);
          last = step;
        });
        try {
          const started = await call(bridge, 'backup.start', { user: opts.user ?? currentUser(), task: opts.task, wait: opts.wait });
          if (asJson) process.stdout.write(JSON.stringify(started, null, 2) + '\n');
          else if (!started.outcome) process.stdout.write(`${started.joined ? 'Joined the run in progress' : 'Started'} (${started.trigger}, ${started.startedAt})\n`);
          else process.stdout.write(formatOutcome(started.outcome) + '\n');
          if (started.outcome?.result === 'Failed') throw new CliError(asJson ? (started.outcome.error ?? 'the HotBackup failed') : 'the HotBackup failed', EXIT.RUN_FAILED);
        } finally {
          off();
        }
      });
    });
}
