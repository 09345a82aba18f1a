import type { Handlers } from '../../../shared/contract.js';
import { HotBackupError } from '../../../shared/result.js';
import { roleAllows } from '../../../shared/roles.js';
import type { DirectorServices } from '../services.js';

export const taskHandlers = (d: DirectorServices): Pick<Handlers, 'task.begin' | 'task.end' | 'task.list'> => ({
  'task.begin': async (input, ctx) => {
    // The token lives as long as the client's connection: a crashed script cannot block backups forever.
    const gone = new AbortController();
    ctx.onDisconnect(() => {
      gone.abort('the client disconnected');
      const ended = d.tasks.endForClient(ctx.clientId);
      for (const t of ended) d.logger.warn(`task "${t.task}"${t.user ? ` of ${t.user}` : ''} ended: its client disconnected`);
    });
    let begun;
    try {
      begun = await d.tasks.begin(input, ctx.clientId, {
        signal: gone.signal,
        onWaiting: (reason) => ctx.emit('task.update', { state: 'waiting', reason: `Waiting: ${reason}.` }),
      });
    } catch {
      throw new HotBackupError('CONFLICT', `Task "${input.task}" was not registered: the client disconnected while it waited.`);
    }
    ctx.emit('task.update', { state: 'begun', reason: null });
    d.logger.info(
      `task "${input.task}" begun${input.exclusive ? ' (exclusive)' : ''}${input.user ? ` by ${input.user}` : ''}` +
        `${input.system ? ` on ${input.system}` : ''}${begun.waitedMs ? ` after waiting ${Math.round(begun.waitedMs / 1000)} s` : ''}`,
    );
    return { token: begun.task.token, waitedMs: begun.waitedMs };
  },

  'task.end': async ({ token }, ctx) => {
    const task = d.tasks.list().find((t) => t.token === token);
    if (task && !roleAllows(ctx.identity.role, 'operator') && task.user !== ctx.identity.name) {
      throw new HotBackupError('FORBIDDEN', `Task "${task.task}" was begun by ${task.user || 'another client'}: ending another account's task needs the operator role.`);
    }
    const ended = d.tasks.end(token);
    if (task) d.logger.info(`task "${task.task}" ended`);
    return { ended };
  },

  'task.list': async () => ({
    tasks: d.tasks.list().map((t) => ({
      token: t.token,
      system: t.system,
      user: t.user,
      task: t.task,
      exclusive: t.exclusive,
      begunAt: t.begunAt.toISOString(),
    })),
  }),
});
