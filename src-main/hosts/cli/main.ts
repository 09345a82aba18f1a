import { Command, CommanderError } from 'commander';
import { DirectorLockedError } from '../../director/director-lock.js';
import { SettingsInvalidError } from '../../director/settings/settings-store.js';
import { registerBackupCommand } from './commands/backup.js';
import { registerConsoleUrlCommand } from './commands/console-url.js';
import { registerDataCommands } from './commands/data.js';
import { registerEngineCommands } from './commands/engine.js';
import { registerCancelCommand } from './commands/cancel.js';
import { registerDirectorCommand } from './commands/director.js';
import { registerDriveCommands } from './commands/drive.js';
import { registerHistoryCommand } from './commands/history.js';
import { registerMailCommands } from './commands/mail.js';
import { registerRequestCommand } from './commands/request.js';
import { registerScheduleCommands } from './commands/schedule.js';
import { registerSettingsCommands } from './commands/settings.js';
import { registerStatusCommand } from './commands/status.js';
import { registerTaskCommands } from './commands/task.js';
import { registerServerCommands } from './commands/server.js';
import { registerTlsCommands } from './commands/tls.js';
import { registerUserCommands } from './commands/user.js';
import { registerVaultCommands } from './commands/vault.js';
import { registerOffsiteCommands } from './commands/offsite.js';
import { configDirProblem } from './config-dir-problem.js';
import { HotBackupError } from '../../../shared/result.js';
import { CliError, EXIT, exitCodeFor } from './exit-codes.js';
import { declareGlobalOptions, globalsOf } from './global-options.js';

/** Build the `hotbackup` program; every command registers itself here. */
export function buildProgram(): Command {
  const program = declareGlobalOptions(new Command('hotbackup').description('HotBackup: hot backups of live data directories'))
    .showHelpAfterError()
    .exitOverride();
  // The command being run, so each command's action reads the global options through it.
  let running: Command = program;
  program.hook('preAction', (_program, actionCommand) => {
    running = actionCommand;
  });
  const globals = () => globalsOf(running);
  registerDirectorCommand(program, globals);
  registerStatusCommand(program, globals);
  registerConsoleUrlCommand(program, globals);
  registerSettingsCommands(program, globals);
  registerDataCommands(program, globals);
  registerEngineCommands(program, globals);
  registerBackupCommand(program, globals);
  registerRequestCommand(program, globals);
  registerTaskCommands(program, globals);
  registerScheduleCommands(program, globals);
  registerVaultCommands(program, globals);
  registerOffsiteCommands(program, globals);
  registerMailCommands(program, globals);
  registerHistoryCommand(program, globals);
  registerDriveCommands(program, globals);
  registerCancelCommand(program, globals);
  registerUserCommands(program, globals);
  registerTlsCommands(program, globals);
  registerServerCommands(program, globals);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message; help and version are not errors.
      return err.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    if (err instanceof CliError) {
      process.stderr.write(`hotbackup: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof SettingsInvalidError || err instanceof DirectorLockedError) {
      process.stderr.write(`hotbackup: ${err.message}\n`);
      return EXIT.BAD_INPUT;
    }
    // An engine step run in this process (drive adopt, a folder in use): its message is for the user, not a stack.
    if (err instanceof HotBackupError) {
      process.stderr.write(`hotbackup: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    const problem = configDirProblem(err, globalsOf(program).configDir);
    if (problem) {
      process.stderr.write(`hotbackup: ${problem}\n`);
      return EXIT.BAD_INPUT;
    }
    process.stderr.write(`hotbackup: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.RUN_FAILED;
  }
}
