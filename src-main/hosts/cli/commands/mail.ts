import type { Command } from 'commander';
import { call } from '../call.js';
import { connect } from '../connect.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';

export function registerMailCommands(program: Command, globals: () => GlobalOptions): void {
  const mail = program.command('mail').description('e-mail notifications');
  mail
    .command('test')
    .description('send a test e-mail with the saved SMTP settings and show the server\'s answer')
    .option('--to <address>', 'where to send it (default: the from address)')
    .option('--json', 'print JSON')
    .action(async (opts: { to?: string; json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const sent = await call(bridge, 'notify.test', opts.to === undefined ? {} : { to: opts.to });
        if (opts.json) process.stdout.write(JSON.stringify(sent, null, 2) + '\n');
        else process.stdout.write(`Test e-mail sent to ${sent.to} via ${sent.server}: ${sent.response}\n`);
      });
    });
}
