import type { Command } from 'commander';
import { createDirector } from '../../../director/director.js';
import { serveDirectorApi } from '../../client/director-here.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { createFileLogger } from '../../../base/logger.js';
import { shutdownGraceMs } from '../../../director/run/run-queue.js';
import { join } from 'node:path';

/** `HOST:PORT`, `[::1]:PORT` or `PORT`. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(value) ?? /^()()(\d+)$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--listen "${value}" is not HOST:PORT (e.g. 127.0.0.1:8765, or port 0 for any free port)`, EXIT.BAD_INPUT);
  }
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

/** End this process at once: a normal exit waits for threads stuck in a hung filesystem. */
const endNow = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

export function registerDirectorCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('director')
    .description('run the headless Director: schedules, backups and the web console')
    .option('--listen <host:port>', 'where the web console and API listen (default from settings: 127.0.0.1, any free port)')
    .action(async (opts: { listen?: string }) => {
      const g = globals();
      const logger = createFileLogger({ file: join(g.configDir, 'logs', 'director.log'), echo: false });
      const director = await createDirector({ configDir: g.configDir, logger });
      const { host, port } = opts.listen ? parseListen(opts.listen) : director.services.settings.get().service;
      let service;
      try {
        service = await serveDirectorApi(director, { host, port });
      } catch (err) {
        await director.close();
        throw new CliError(`Cannot listen on ${host}:${port}: ${(err as Error).message}. Choose another --listen port.`, EXIT.BAD_INPUT);
      }
      process.stdout.write(`Console: ${service.consoleUrl}\n`);
      if (service.fingerprint) {
        process.stdout.write(`HTTPS only. Certificate SHA-256 fingerprint: ${service.fingerprint}\n`);
        process.stdout.write('Compare it on each PC when the CLI or the desktop console first connects. Add accounts with "hotbackup user add NAME --role user".\n');
      }
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) {
            // A second signal while a run is being stopped: the operator wants out now.
            logger.error(`received ${signal} again while shutting down: exiting at once`);
            process.exit(EXIT.RUN_FAILED);
          }
          stopping = true;
          logger.info(`received ${signal}, shutting down`);
          process.stderr.write(`hotbackup: ${signal}: stopping (a run in progress is stopped and recorded as Failed)\n`);
          resolve();
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
        // Windows service wrappers (NSSM, WinSW) stop a console program with Ctrl+C or Ctrl+Break.
        if (process.platform === 'win32') process.on('SIGBREAK', () => stop('SIGBREAK'));
      });
      // Within the grace period (HOTBACKUP_SHUTDOWN_GRACE_SECONDS, default 30) whatever hangs: a run
      // that does not stop is recorded as stopped by the queue; this is the last resort.
      const grace = shutdownGraceMs();
      setTimeout(() => {
        logger.error(`the Director did not close within ${grace / 1000} s of the shutdown request: ending the process`);
        endNow();
      }, grace + 2000).unref();
      // Stop the run first (its lights and clients still hear how it ended), then the server.
      await director.close();
      await service.close();
      // A call stuck in a hung drive keeps the process alive, and even a normal exit waits for it
      // (libuv joins its threads): the process then ends itself with SIGKILL, the run already recorded.
      if (director.services.runs.hasAbandoned()) {
        logger.error('a call into a filesystem is still stuck: ending the process (SIGKILL) instead of waiting for it');
        endNow();
      }
      process.exit(0);
    });
}
