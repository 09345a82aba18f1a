import type { CallContext, Handlers } from '../../../shared/contract.js';
import { rmdir } from 'node:fs/promises';
import type { RestoreInput, VaultProgress } from '../../../shared/vault.js';
import { deleteBackup, loadManifestKey, loadVault, restoreBackup, showBackup, verifyStoredBackup } from '../../engine/index.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { RateGate } from '../../base/throttle.js';
import { pathsNote } from './restore-paths-note.js';
import type { DirectorServices } from '../services.js';
import { newRestoreTarget } from '../settings/restore-folder.js';
import { verdictOf } from '../verify-schedule/verify-plan.js';
import { readVerdicts, updateVerdicts, withVerdict } from '../verify-schedule/verdict-store.js';

type VaultRequests = 'vault.list' | 'vault.show' | 'vault.verify' | 'vault.restore' | 'vault.restoreNew' | 'vault.delete';

/** Progress to the caller alone, at most ~10 a second by the Director's clock; `final` always goes. */
function progressTo(ctx: CallContext, clock: () => Date) {
  const gate = new RateGate(100, () => clock().getTime());
  return (p: VaultProgress, final = false) => {
    if (gate.pass(final)) ctx.emit('vault.progress', p);
  };
}

export const vaultHandlers = (d: DirectorServices): Pick<Handlers, VaultRequests> => {
  const folder = () => d.settings.get().folder.path;
  const restore = async (input: RestoreInput, ctx: CallContext) => {
    const emit = progressTo(ctx, d.clock);
    let lastStep: VaultProgress['step'] | null = null;
    d.logger.info(`restore of ${input.id} into ${input.to} by ${ctx.identity.name} started${pathsNote(input)}`);
    const summary = await restoreBackup(folder(), input, {
      onProgress: (p) => {
        emit({ id: input.id, operation: 'restore', ...p }, p.step !== lastStep || p.current === null);
        lastStep = p.step;
      },
    });
    d.logger.info(`restore of ${input.id} into ${summary.to} done: ${summary.files} files, ${summary.bytes} bytes`);
    for (const n of summary.notes ?? []) d.logger.warn(`restore of ${input.id}: ${n}`);
    return summary;
  };
  return {
    'vault.list': async () => {
      const hotBackupFolder = folder();
      const s = await loadVault(hotBackupFolder, { logger: d.logger, clock: d.clock });
      if (s.written) d.hub.broadcast('vault.changed', { reason: 'BACKUP.LOG repaired', ids: [] });
      const { verdicts } = await readVerdicts(d.configDir);
      return { hotBackupFolder, records: s.records, damaged: s.damaged, damagedFile: s.damagedFile, rebuilt: s.rebuilt, messages: s.messages, verifications: verdicts };
    },
    'vault.show': async ({ id }) => showBackup(folder(), id, d.logger),
    'vault.verify': async ({ id }, ctx) => {
      const emit = progressTo(ctx, d.clock);
      const result = await verifyStoredBackup(folder(), id, {
        clock: d.clock,
        manifestKey: await loadManifestKey(d.configDir).catch(() => undefined),
        logger: d.logger,
        onProgress: (bytesDone, bytesTotal, current) => emit({ id, operation: 'verify', step: 'verifying', bytesDone, bytesTotal, current }),
      });
      emit({ id, operation: 'verify', step: 'verifying', bytesDone: 1, bytesTotal: 1, current: null }, true);
      // The Vault shows the last verify of each backup, pressed or scheduled.
      await updateVerdicts(d.configDir, (f) => withVerdict(f, verdictOf(result, formatLocalIso(d.clock()), false))).catch((err: Error) =>
        d.logger.warn(`verify ${id}: the verdict could not be kept for the Vault: ${err.message}`),
      );
      return result;
    },
    'vault.restore': async (input, ctx) => restore(input, ctx),
    'vault.restoreNew': async (input, ctx) => {
      const to = await newRestoreTarget(d.settings.get(), input.id, d.clock());
      // Nothing restored (a refused selection, a missing backup): the empty new folder goes again.
      return restore({ ...input, to }, ctx).catch(async (err: unknown) => {
        await rmdir(to).catch(() => undefined);
        throw err;
      });
    },
    'vault.delete': async ({ id }) => {
      const deleted = await deleteBackup(folder(), id, d.logger);
      d.hub.broadcast('vault.changed', { reason: `deleted ${deleted.join(', ')}`, ids: deleted });
      return { deleted };
    },
  };
};
