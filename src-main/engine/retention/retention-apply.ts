import { carryOut } from './backup-removal.js';
import type { HbLogAppender } from '../vault/stored-hb-log.js';
import { decideRetention, type RetentionLimits } from './retention-decision.js';
import { futureDated } from '../vault/run-order.js';
import type { Logger } from '../../base/logger.js';
import { loadVault } from '../vault/vault-store.js';

export interface ApplyRetentionOptions {
  hotBackupFolder: string;
  retention: RetentionLimits;
  /** Appends to the HB.LOG of the run doing the cleanup (`HB_DELETING_BACKUP|<ID>`, `HB_MOVING_BACKUP|…`). */
  log?: HbLogAppender;
  logger?: Logger;
  clock?: () => Date;
}

export interface RetentionOutcome {
  moved: string[];
  deleted: string[];
}

/**
 * "Removing Old Backups": move and delete per the Recent/Archive counts. Called by the run
 * (its cleanup hook) after a successful commit, while the run holds the folder lock.
 */
export async function applyRetention(opts: ApplyRetentionOptions): Promise<RetentionOutcome> {
  const state = await loadVault(opts.hotBackupFolder, { locked: true, logger: opts.logger, clock: opts.clock });
  const now = (opts.clock ?? (() => new Date()))();
  for (const r of futureDated(state.records, now)) {
    await opts.log?.('HB_FUTURE_DATED', `${r.id} started ${r.started}, after now (${now.toISOString()}): the clock was ahead; ordered by its sequence ${r.seq ?? '(none)'}, never as the newest`);
  }
  const plan = decideRetention(state.records, opts.retention);
  if (plan.moves.length > 0 || plan.deletes.length > 0) {
    await carryOut(opts.hotBackupFolder, state.records, plan, opts.log, opts.logger);
  }
  return { moved: plan.moves.map((m) => m.id), deleted: plan.deletes.map((d) => d.id) };
}
