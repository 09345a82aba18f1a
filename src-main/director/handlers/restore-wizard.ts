import { join } from 'node:path';
import type { Handlers } from '../../../shared/contract.js';
import { listManifest, loadManifestKey, restoreOver } from '../../engine/index.js';
import { RateGate } from '../../base/throttle.js';
import { pathsNote } from './restore-paths-note.js';
import type { DirectorServices } from '../services.js';

type VaultBrowseRequests = 'vault.manifest' | 'vault.restoreOver';

/** The restore wizard's requests: a backup's file list, and a restore over the original data directories. */
export const vaultBrowseHandlers = (d: DirectorServices): Pick<Handlers, VaultBrowseRequests> => {
  const folder = () => d.settings.get().folder.path;
  return {
    'vault.manifest': async ({ id, entries }) => {
      // Without entries: only the totals and where each top folder came from (a choice made in Browse).
      return listManifest(folder(), id, join(d.home, 'HotBackup Restores'), d.settings.get().dataDirectories, entries ? undefined : 0);
    },
    'vault.restoreOver': async (input, ctx) => {
      // Over live data: an exclusive task, so no backup takes its snapshot half-way through.
      const { task } = await d.tasks.begin({ system: 'HotBackup', user: input.user, task: `Restore ${input.id} over live data`, exclusive: true }, ctx.clientId);
      const gate = new RateGate(100, () => d.clock().getTime());
      try {
        d.logger.info(`restore of ${input.id} over the data directories started${pathsNote(input)}`);
        const summary = await restoreOver(folder(), input, {
          clock: d.clock,
          configDir: d.configDir,
          configured: d.settings.get().dataDirectories,
          manifestKey: await loadManifestKey(d.configDir),
          onProgress: (p) => {
            if (gate.pass(p.current === null)) ctx.emit('vault.progress', { id: input.id, operation: 'restore', ...p });
          },
        });
        d.logger.info(`restore of ${input.id} over the data directories done: ${summary.files} files, ${summary.bytes} bytes`);
        for (const n of summary.notes ?? []) d.logger.warn(`restore of ${input.id} over the data directories: ${n}`);
        return summary;
      } finally {
        d.tasks.end(task.token);
      }
    },
  };
};
