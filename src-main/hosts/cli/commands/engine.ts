import type { Command } from 'commander';
import { checkEngineOptions, sizeText } from '../../../../shared/engine-options.js';
import { formatBytes } from '../../../../shared/format.js';
import type { EngineSettings } from '../../../../shared/settings.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';

export function formatEngine(e: EngineSettings): string {
  return [
    `compression: ${e.compression}`,
    `volume size: ${sizeText(e.volumeSize)} (${formatBytes(e.volumeSize)})`,
    `include files that keep changing: ${e.includeUnsettled ? 'yes, with a warning' : 'no, the run fails and names them'}`,
    `read attempts for a changing file: ${e.settleAttempts}`,
  ].join('\n');
}

const optionNames = { compression: '--compression', volumeSize: '--volume-size', includeUnsettled: '--include-unsettled', settleAttempts: '--settle-attempts' };

export function registerEngineCommands(program: Command, globals: () => GlobalOptions): void {
  const engine = program.command('engine').description('how every HotBackup is written: compression, volume size, files that keep changing');

  engine
    .command('show')
    .description('print the engine options')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withConnection(connect, globals(), async ({ bridge }) => {
        const { engine: e } = await call(bridge, 'settings.get', {});
        process.stdout.write((opts.json ? JSON.stringify(e, null, 2) : formatEngine(e)) + '\n');
      });
    });

  engine
    .command('set')
    .description('change engine options (checked like the console); options not given stay')
    .option('--compression <kind>', 'none or gzip')
    .option('--volume-size <size>', 'each volume file: bytes or e.g. 512MiB, 1GiB (1 MiB to 64 GiB)')
    .option('--include-unsettled', 'include a file that never stops changing, with a warning, instead of failing the run')
    .option('--no-include-unsettled', 'fail the run when a file never stops changing (the default)')
    .option('--settle-attempts <n>', 'how many times a changing file is read again (1 to 50)')
    .action(async (opts: { compression?: string; volumeSize?: string; includeUnsettled?: boolean; settleAttempts?: string }) => {
      const { patch, errors } = checkEngineOptions(opts);
      const lines = (Object.keys(errors) as (keyof typeof errors)[]).map((k) => `${optionNames[k]}: ${errors[k]}`);
      if (!patch) throw new CliError(`Nothing was saved. ${lines.join('; ')}`, EXIT.BAD_INPUT);
      if (!Object.keys(patch).length) throw new CliError('Give at least one option to change; "hotbackup engine show" prints them.', EXIT.BAD_INPUT);
      await withConnection(connect, globals(), async ({ bridge }) => {
        const saved = await call(bridge, 'settings.update', { engine: patch });
        process.stdout.write(formatEngine(saved.engine) + '\n');
      });
    });
}
