import { join } from 'node:path';
import type { Command } from 'commander';
import { adoptDriveAt, DRIVE_REGISTRY_NAME } from '../../../engine/index.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';

/**
 * `hotbackup drive adopt`: the drive now at the HotBackup folder's path is one of this office's
 * backup drives from now on (rotation). Runs on the machine whose config directory it changes.
 */
export function registerDriveCommands(program: Command, globals: () => GlobalOptions): void {
  const drive = program.command('drive').description('backup drives: adopt a new drive at the HotBackup folder');
  drive
    .command('adopt')
    .description('accept the drive now mounted at the HotBackup folder (a new or replaced backup drive)')
    .option('--folder <dir>', 'the HotBackup folder (default: the one in the settings)')
    .action(async (opts: { folder?: string }) => {
      const g = globals();
      if (g.server) throw new CliError('Run "hotbackup drive adopt" on the server itself: the list of backup drives is kept in its config directory.', EXIT.BAD_INPUT);
      const folder = opts.folder ?? (await withConnection(connect, g, async ({ bridge }) => (await call(bridge, 'settings.get', {})).folder.path));
      const id = await adoptDriveAt(folder, join(g.configDir, DRIVE_REGISTRY_NAME), () => new Date());
      process.stdout.write(`The drive at ${folder} is a backup drive of this HotBackup now (identity ${id}).\n`);
    });
}
