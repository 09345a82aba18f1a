import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { forget, listPinned } from '../known-servers.js';

export function registerServerCommands(program: Command, globals: () => GlobalOptions): void {
  const server = program.command('server').description('Directors on other machines whose certificates this PC has pinned');
  server
    .command('list')
    .description('the pinned servers and fingerprints')
    .action(async () => {
      const list = await listPinned(globals().configDir);
      if (!list.length) process.stdout.write('No server pinned yet. Connect with: hotbackup --server https://HOST:PORT --account NAME status\n');
      for (const s of list) process.stdout.write(`${s.server}  SHA-256 ${s.fingerprint}  pinned ${s.pinnedAt.slice(0, 10)}\n`);
    });
  server
    .command('forget <host:port>')
    .description('drop a pinned certificate (after the server got a new one and you compared its fingerprint)')
    .action(async (key: string) => {
      if (!(await forget(globals().configDir, key))) throw new CliError(`${key} is not pinned. See "hotbackup server list".`, EXIT.BAD_INPUT);
      process.stdout.write(`Forgot ${key}. The next connection shows its certificate's fingerprint to confirm.\n`);
    });
}
