import type { Command } from 'commander';
import { readLock } from '../../../director/director-lock.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';

/** `hotbackup console-url`: the web console's full address (with its access key) of the running Director. */
export function registerConsoleUrlCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('console-url')
    .description("print the web console's address, with its access key, of the Director running on this computer")
    .action(async () => {
      const g = globals();
      const holder = await readLock(g.configDir);
      if (!holder?.url) {
        throw new CliError(
          holder
            ? `The HotBackup Director (process ${holder.pid}) runs inside the desktop console and serves no web console.`
            : `No HotBackup Director is running for ${g.configDir}: start it with "hotbackup director", which prints the address.`,
          EXIT.NO_DIRECTOR,
        );
      }
      process.stdout.write(`${holder.url}\n`);
    });
}
