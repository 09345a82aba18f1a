import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { RunOverrides } from '../../../../shared/run.js';
import type { Command } from 'commander';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatOutcome, formatPhaseEnd, formatProgressBar, formatStep } from '../run-format.js';
import type { StatusSnapshot } from '../../../../shared/status.js';
import { parseVolumeSize } from '../volume-size.js';
import { directorPath } from '../server-path.js';
import { withConnection } from '../with-connection.js';

export const currentUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
};

interface BackupOptions {
  user?: string;
  task: string;
  wait: boolean;
  json?: boolean;
  data: string[];
  folder?: string;
  volumeSize?: string;
  compression?: string;
}

/**
 * The one-off settings a command line gives (paths resolved against the current folder; with
 * --server they must be full paths on the server); undefined when none.
 */
export function overridesFrom(opts: Pick<BackupOptions, 'data' | 'folder' | 'volumeSize' | 'compression'>, g: Pick<GlobalOptions, 'server'> = { server: null }): RunOverrides | undefined {
  const o: RunOverrides = {};
  if (opts.data.length) o.dataDirectories = opts.data.map((d) => directorPath(g, '--data', d, '/srv/data/Clients')).map((path) => ({ path, label: basename(path), exclude: [] }));
  if (opts.folder) o.folder = directorPath(g, '--folder', opts.folder, '/mnt/backup/HotBackup');
  const engine: NonNullable<RunOverrides['engine']> = {};
  if (opts.volumeSize !== undefined) engine.volumeSize = parseVolumeSize(opts.volumeSize);
  if (opts.compression !== undefined) {
    if (opts.compression !== 'none' && opts.compression !== 'gzip') throw new CliError(`--compression "${opts.compression}" must be none or gzip`, EXIT.BAD_INPUT);
    engine.compression = opts.compression;
  }
  if (Object.keys(engine).length) o.engine = engine;
  return Object.keys(o).length ? o : undefined;
}

export function registerBackupCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('backup')
    .description('make a HotBackup now (or join the one in progress) and wait for it; exit 0 succeeded, 1 failed')
    .option('--user <name>', 'who asks (default: this account)')
    .option('--task <text>', 'why, e.g. "Month-end close"', '')
    .option('--no-wait', 'start it and return at once')
    .option('--data <dir>', 'back up this data directory instead of the saved ones (repeat for more)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--folder <dir>', 'write into this HotBackup folder instead of the saved one')
    .option('--volume-size <bytes>', 'size of each volume file for this run: bytes or e.g. 1MiB, 512MiB, 1GiB (at least 1 MiB)')
    .option('--compression <kind>', 'none or gzip for this run')
    .option('--json', 'print JSON')
    .action(async (opts: BackupOptions) => {
      const g = globals();
      const asJson = Boolean(opts.json);
      const overrides = overridesFrom(opts, g);
      await withConnection(connect, g, async ({ bridge, remote }) => {
        // Without a Director the run happens in this command: returning at once would end it (as offsite copy --no-wait).
        if (!remote && !opts.wait) {
          throw new CliError(
            `--no-wait needs a running Director: none runs for ${g.configDir}, so the HotBackup would run in this command and stop when it returns. Start one with "hotbackup director", or leave out --no-wait.`,
            EXIT.BAD_INPUT,
          );
        }
        // A run in this process: Ctrl-C or SIGTERM cancels it (recorded, work files removed) before the process ends.
        const user = opts.user ?? currentUser();
        const stop = (signal: string) => () => {
          process.stderr.write(`\nhotbackup: ${signal}: cancelling the HotBackup…\n`);
          void bridge.invoke('run.cancel', { user: `${user || 'the console user'} (${signal})` });
        };
        const onInt = stop('Ctrl-C');
        const onTerm = stop('SIGTERM');
        if (!remote && opts.wait) {
          process.once('SIGINT', onInt);
          process.once('SIGTERM', onTerm);
        }
        // A terminal gets a progress bar redrawn in place (one line per phase); a log or pipe, one line per phase.
        const tty = Boolean(process.stderr.isTTY) && !asJson;
        // A log or pipe also gets each phase's final counts when the next phase starts.
        let last = '';
        let previous: StatusSnapshot | null = null;
        let drawn = false;
        const off = bridge.on('status.changed', (s) => {
          if (asJson || !s.run) return;
          const step = formatStep(s);
          if (tty) {
            process.stderr.write(`${step !== last && drawn ? '\n' : '\r\x1b[K'}${formatProgressBar(s)}`);
            drawn = true;
          } else if (step !== last) {
            const ended = previous ? formatPhaseEnd(previous) : '';
            process.stderr.write(`${ended ? `${ended}\n` : ''}${step}\n`);
          }
          last = step;
          previous = s;
        });
        const endBar = () => {
          off();
          if (drawn) process.stderr.write('\n');
          drawn = false;
        };
        try {
          const started = await call(bridge, 'backup.start', { user, task: opts.task, wait: opts.wait, overrides });
          endBar();
          if (asJson) process.stdout.write(JSON.stringify(started, null, 2) + '\n');
          else if (!started.outcome) process.stdout.write(`${started.joined ? 'Joined the run in progress' : 'Started'} (${started.trigger}, ${started.startedAt})\n`);
          else process.stdout.write(formatOutcome(started.outcome) + '\n');
          if (started.outcome?.result === 'Failed') throw new CliError(asJson ? (started.outcome.error ?? 'the HotBackup failed') : 'the HotBackup failed', EXIT.RUN_FAILED);
        } finally {
          endBar();
          process.removeListener('SIGINT', onInt);
          process.removeListener('SIGTERM', onTerm);
        }
      });
    });
}
