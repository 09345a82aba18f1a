import { hostname } from 'node:os';
import { Option, type Command } from 'commander';
import type { LightLevel, LightWait } from '../../../../shared/run.js';
import { call } from '../call.js';
import { connectRequired } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatLight } from '../run-format.js';
import { withConnection } from '../with-connection.js';
import { currentUser } from './backup.js';

export function registerRequestCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('request')
    .description('traffic light: ask for a HotBackup before a risky task and wait until you may go on (exit 0 go, 1 failed, 3 no Director)')
    .addOption(new Option('--level <level>', 'recommended (data loss possible) or suggested (hard to undo)').choices(['recommended', 'suggested']).makeOptionMandatory())
    .addOption(new Option('--wait <until>', 'completed (red: the backup must finish) or started (yellow: its snapshot point must pass)').choices(['completed', 'started']).makeOptionMandatory())
    .option('--user <name>', 'who asks (default: this account)')
    .option('--task <text>', 'the task about to run, recorded in HB.LOG', '')
    .option('--json', 'print JSON lines')
    .action(async (opts: { level: LightLevel; wait: LightWait; user?: string; task: string; json?: boolean }) => {
      const g = globals();
      const asJson = Boolean(opts.json);
      await withConnection(connectRequired, g, async ({ bridge }) => {
        let last = '';
        const off = bridge.on('light.update', (u) => {
          const line = asJson ? JSON.stringify(u) : formatLight(u);
          if (line !== last && (asJson || u.state === 'waiting')) process.stdout.write(line + '\n');
          last = line;
        });
        try {
          const answer = await call(bridge, 'backup.request', {
            level: opts.level,
            wait: opts.wait,
            user: opts.user ?? currentUser(),
            task: opts.task,
            system: hostname(),
          });
          if (asJson) process.stdout.write(JSON.stringify(answer) + '\n');
          if (answer.state === 'failed') throw new CliError(`the HotBackup failed: ${answer.reason ?? 'no reason given'}. Decide whether to go on without it.`, EXIT.RUN_FAILED);
          if (!asJson) process.stdout.write(`go: you can go on${answer.runId ? ` (HotBackup ${answer.runId})` : ''}\n`);
        } finally {
          off();
        }
      });
    });
}
