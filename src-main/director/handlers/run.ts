import type { Handlers } from '../../../shared/contract.js';
import { HotBackupError } from '../../../shared/result.js';
import { watchLight } from '../lights/traffic-light.js';
import { toOutcome } from '../run-status.js';
import type { DirectorServices } from '../services.js';

const refuseWhenClosing = (err: unknown): never => {
  throw new HotBackupError('BUSY', `${(err as Error).message} Try again once the Director is running.`);
};

export const runHandlers = (d: DirectorServices): Pick<Handlers, 'backup.start' | 'backup.request'> => ({
  'backup.start': async (input) => {
    let started;
    try {
      started = d.runs.start({ trigger: 'On Demand', user: input.user, task: input.task, system: input.system });
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
