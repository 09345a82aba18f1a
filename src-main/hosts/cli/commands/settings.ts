import type { Command } from 'commander';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { confirmLowerRetention } from '../retention-confirm.js';
import { getDotted, parseValue, patchForKey } from '../settings-keys.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';

export function registerSettingsCommands(program: Command, globals: () => GlobalOptions): void {
  const settings = program.command('settings').description('read or change settings (dotted keys, e.g. retention.recent)');

  settings
    .command('get [key]')
    .description('print all settings as JSON, or the value of one key')
    .action(async (key: string | undefined) => {
      await withConnection(connect, globals(), async ({ bridge }) => {
        const current = await call(bridge, 'settings.get', {});
        const value = key ? getDotted(current, key) : current;
        process.stdout.write((typeof value === 'string' ? value : JSON.stringify(value, null, 2)) + '\n');
        // A field that loaded with a warning (a check added later) is said here too, not only by status.
        const { warnings } = await call(bridge, 'status.get', {});
        for (const w of warnings) if (w.startsWith('settings.json:')) process.stderr.write(`Warning: ${w}\n`);
      });
    });

  settings
    .command('set <key> <value>')
    .description('change one setting; the value is JSON (numbers, true/false, arrays) or plain text')
    .option('--yes', 'lowering retention counts: save without asking which backups the next run deletes')
    .action(async (key: string, value: string, opts: { yes?: boolean }) => {
      await withConnection(connect, globals(), async ({ bridge }) => {
        const current = await call(bridge, 'settings.get', {});
        const patch = patchForKey(current, key, parseValue(value));
        await confirmLowerRetention(bridge, current, patch, opts.yes === true);
        const saved = await call(bridge, 'settings.update', patch);
        const shown = key === 'email.server.password' ? (saved.email.server.passwordSet ? 'set' : 'not set') : getDotted(saved, key);
        process.stdout.write(`${key} = ${typeof shown === 'string' ? shown : JSON.stringify(shown)}\n`);
      });
    });
}
