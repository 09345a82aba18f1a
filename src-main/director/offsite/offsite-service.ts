import { join } from 'node:path';
import type { OffsiteCopyQueued, OffsiteRestoreSummary, OffsiteStatus } from '../../../shared/offsite.js';
import type { z } from 'zod';
import type { OffsiteRestoreInput } from '../../../shared/offsite.js';
import { HotBackupError } from '../../../shared/result.js';
import type { DirectorServices } from '../services.js';
import { OffsiteStates } from './offsite-state.js';

/** Where the Director keeps the rclone configs it writes (0700): never inside a backup. */
export const offsiteWorkDir = (configDir: string): string => join(configDir, 'offsite');

/** The offsite copy jobs of one Director: their queue, live state and history. */
export class OffsiteService {
  private readonly states: OffsiteStates;

  constructor(private readonly d: DirectorServices) {
    this.states = new OffsiteStates((s) => d.hub.broadcast('offsite.changed', s));
  }

  status(): OffsiteStatus {
    return this.states.snapshot(this.d.settings.get().offsite.targets);
  }

  /** Complete copies seen on a target by a listing. */
  noteOnTarget(targetId: string, ids: string[]): void {
    const t = this.d.settings.get().offsite.targets.find((x) => x.id === targetId);
    if (t) this.states.update(t, { onTarget: ids }, this.d.settings.get().offsite.targets);
  }

  async copyNow(_target?: string, _backupId?: string): Promise<OffsiteCopyQueued['queued']> {
    throw new HotBackupError('BUSY', 'Offsite copying is not in this build of the Director yet: update HotBackup');
  }

  async restore(_input: z.output<typeof OffsiteRestoreInput>, _user: string): Promise<OffsiteRestoreSummary> {
    throw new HotBackupError('BUSY', 'Restore from an offsite target is not in this build of the Director yet: update HotBackup');
  }
}
