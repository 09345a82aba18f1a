import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { call } from '../call.js';
import { connectRequired } from '../connect.js';
import { CliError } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';
import { currentUser } from './backup.js';

/** Run a command with our stdio; resolves with its exit code (128+n when a signal ended it). */
function runCommand(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onTerm = forward('SIGTERM');
    const onInt = forward('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    const done = () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    };
    child.once('error', (err) => {
      done();
      reject(err);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0 : 0));
    });
  });
}

export function registerTaskCommands(program: Command, globals: () => GlobalOptions): void {
  const task = program.command('task').description('register work with the Director so backups and exclusive tasks do not overlap');

  task
    .command('run')
    .description('register a task, run CMD, end the task; exits with CMD\'s exit code (3 if no Director)')
    .requiredOption('--name <task>', 'the task\'s name, recorded in HB.LOG (e.g. Reindex)')
    .option('--exclusive', 'must not overlap a backup\'s snapshot point: backups wait for it, it waits for them')
    .option('--user <name>', 'who runs it (default: this account)')
    .argument('<cmd>', 'the command to run (put -- before it)')
    .argument('[args...]', 'its arguments')
    .action(async (cmd: string, args: string[], opts: { name: string; exclusive?: boolean; user?: string }) => {
      const g = globals();
      const code = await withConnection(connectRequired, g, async ({ bridge }) => {
        const off = bridge.on('task.update', (u) => {
          if (u.state === 'waiting') process.stderr.write(`hotbackup: "${opts.name}" ${u.reason ?? 'is waiting'}\n`);
        });
        const { token } = await call(bridge, 'task.begin', {
          system: hostname(),
          user: opts.user ?? currentUser(),
          task: opts.name,
          exclusive: Boolean(opts.exclusive),
        }).finally(off);
        let exit: number;
        try {
          exit = await runCommand(cmd, args);
        } catch (err) {
          await bridge.invoke('task.end', { token });
          throw new CliError(`cannot run "${cmd}": ${(err as Error).message}. Check the command name and PATH.`, 127);
        }
        const ended = await bridge.invoke('task.end', { token });
        if (!ended.ok || !ended.value.ended) process.stderr.write(`hotbackup: the Director no longer knew task "${opts.name}" (was it restarted?)\n`);
        return exit;
      });
      if (code !== 0) throw new CliError(`"${opts.name}" (${cmd}) exited with code ${code}`, code);
    });

  task
    .command('list')
    .description('list the tasks registered with the Director')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const g = globals();
      await withConnection(connectRequired, g, async ({ bridge }) => {
        const { tasks } = await call(bridge, 'task.list', {});
        if (opts.json) process.stdout.write(JSON.stringify(tasks, null, 2) + '\n');
        else if (!tasks.length) process.stdout.write('No tasks registered.\n');
        else
          for (const t of tasks)
            process.stdout.write(`${t.task}${t.exclusive ? ' (exclusive)' : ''} — ${t.user || '?'}@${t.system || '?'} since ${t.begunAt}  [hotbackup task end ${t.token}]\n`);
      });
    });

  task
    .command('end')
    .description('end a registered task, e.g. an exclusive one left open that holds every backup (operator; TOKEN from `task list`)')
    .argument('<token>', 'the task\'s token, as `hotbackup task list` prints it')
    .action(async (token: string) => {
      const g = globals();
      await withConnection(connectRequired, g, async ({ bridge }) => {
        const { ended } = await call(bridge, 'task.end', { token });
        if (!ended) throw new CliError(`No task has the token "${token}": it has ended already. Run \`hotbackup task list\` for the tasks registered now.`, 1);
        process.stdout.write('Task ended.\n');
      });
    });
}
