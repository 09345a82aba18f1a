import type { Handlers } from '../../../shared/contract.js';
import { HotBackupError } from '../../../shared/result.js';
import { watchLight } from '../tasks/traffic-light.js';
import { toOutcome } from '../run/run-status.js';
import type { DirectorServices } from '../services.js';
import { configFolderProblem, dataDirectoryProblem, hotBackupFolderProblem } from '../settings/settings-checks.js';
import type { RunOverrides } from '../../../shared/run.js';

/** Check a one-off run's folders on disk, as settings.update would; throws BAD_INPUT naming each. */
async function checkOverrides(o: RunOverrides, savedFolder: string, configDir: string): Promise<void> {
  const folder = o.folder ?? savedFolder;
  const problems: string[] = [];
  if (o.folder) {
    const p = await hotBackupFolderProblem(o.folder);
    if (p) problems.push(`--folder: ${p}`);
  }
  for (const dir of o.dataDirectories ?? []) {
    const p = (await dataDirectoryProblem(dir.path, folder)) ?? (await configFolderProblem(dir.path, configDir));
    if (p) problems.push(`--data: ${p}`);
  }
  if (problems.length) throw new HotBackupError('BAD_INPUT', `No HotBackup started: ${problems.join('; ')}`);
}

const refuseWhenClosing = (err: unknown): never => {
  throw new HotBackupError('BUSY', `${(err as Error).message} Try again once the Director is running.`);
};

export const runHandlers = (d: DirectorServices): Pick<Handlers, 'backup.start' | 'backup.request' | 'run.cancel'> => ({
  'run.cancel': async (input, ctx) => {
    const by = input.user || ctx.identity.name;
    const run = d.runs.cancel(by);
    return { cancelled: run !== null, runKey: run?.key ?? null, by };
  },

  'backup.start': async (input) => {
    if (input.overrides) {
      await checkOverrides(input.overrides, d.settings.get().folder.path, d.configDir);
      // Checked after the await, right before start(): a one-off run must never silently join another.
      if (d.runs.current()) {
        throw new HotBackupError('BUSY', 'A HotBackup is already running with the saved settings, so one with other folders cannot join it. Wait until it ends ("hotbackup status") and try again.');
      }
    }
    let started;
    try {
      started = d.runs.start({ trigger: 'On Demand', user: input.user, task: input.task, system: input.system, overrides: input.overrides });
    } catch (err) {
      return refuseWhenClosing(err);
    }
    const { run, joined } = started;
    if (joined) d.logger.info(`On Demand request${input.user ? ` by ${input.user}` : ''} joined run ${run.key}`);
    const outcome = input.wait ? toOutcome(await run.done) : null;
    return { runKey: run.key, joined, trigger: run.state.trigger, startedAt: run.state.startedAt, outcome };
  },

  'backup.request': async (input, ctx) => {
    let started;
    try {
      started = d.runs.start({ trigger: 'Requested', user: input.user, task: input.task, system: input.system });
    } catch (err) {
      return refuseWhenClosing(err);
    }
    const { run, joined } = started;
    const light = input.wait === 'completed' ? 'red' : 'yellow';
    d.logger.info(
      `traffic light (${input.level}, ${light}) for ${input.user || 'someone'}${input.task ? ` before "${input.task}"` : ''}: ` +
        `${joined ? 'joined' : 'started'} run ${run.key}`,
    );
    const answer = await watchLight(run, input.wait, (update) => ctx.emit('light.update', update));
    d.logger.info(`traffic light for ${input.user || 'someone'} on run ${run.key}: ${answer.state}${answer.reason ? ` (${answer.reason})` : ''}`);
    return answer;
  },
});
