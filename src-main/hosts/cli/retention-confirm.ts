import type { Bridge } from '../../../shared/contract.js';
import { loweredRetention, needsRetentionConfirm, type RetentionPreview } from '../../../shared/retention-preview.js';
import { RetentionSettings, type PublicSettings, type SettingsPatch } from '../../../shared/settings.js';
import { askYes, canAsk } from './ask-yes.js';
import { call } from './call.js';
import { CliError, EXIT } from './exit-codes.js';

/** The list the console's confirmation shows, as lines for the terminal. */
export function retentionDeleteLines(p: RetentionPreview, counts: { recent: number; archive: number }): string[] {
  const caused = new Set(p.causedByChange);
  const n = p.deletes.length;
  return [
    `With ${counts.recent} Recent and ${counts.archive} Archive, the next successful HotBackup deletes ${n} HotBackup${n === 1 ? '' : 's'} when it cleans up:`,
    ...p.deletes.map((d) => `  ${d.id}  ${d.folder}, ${d.result}, started ${d.started}${caused.has(d.id) ? '' : '  (would go at the next run anyway)'}`),
    'Nothing is deleted now; until that run, raising the counts again keeps them.',
  ];
}

/**
 * Before a save that lowers Recent/Archive: the backups the next run would delete because of it,
 * then a yes/no on the terminal. `--yes` skips the question; without a terminal it is required.
 */
export async function confirmLowerRetention(bridge: Bridge, current: PublicSettings, patch: SettingsPatch, yes: boolean): Promise<void> {
  const lowered = loweredRetention(current.retention, patch.retention);
  // Counts the save itself refuses get the save's own message ("retention.recent: Recent must be at least 1").
  if (!lowered || !RetentionSettings.safeParse(lowered).success) return;
  const preview = await call(bridge, 'settings.retentionPreview', lowered);
  if (!needsRetentionConfirm(preview)) return;
  process.stderr.write(retentionDeleteLines(preview, lowered).join('\n') + '\n');
  if (yes) return;
  if (!canAsk()) {
    throw new CliError('Nothing was saved: lower counts delete the HotBackups above at the next run. Run on a terminal to confirm, or add --yes.', EXIT.BAD_INPUT);
  }
  if (!(await askYes('Save and delete them at the next run? [y/N] '))) throw new CliError('Nothing was saved.', EXIT.BAD_INPUT);
}
