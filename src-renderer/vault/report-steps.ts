import type { HbLogLine } from '../../shared/vault.js';

// HB.LOG codes in words, for the Detail Report. Unknown codes still read well ("HB_FOO_BAR" → "Foo bar").

export type StepKind = 'step' | 'problem' | 'task' | 'mail' | 'validation';

const names: Record<string, string> = {
  HB_BEGIN: 'HotBackup started',
  HB_BEGIN_RUN: 'HotBackup started',
  HB_BEGIN_BACKUP: 'HotBackup started',
  HB_START: 'HotBackup started',
  HB_SETTINGS: 'Settings used',
  HB_BACKUP_FOLDER: 'Backup folder made',
  HB_BEGIN_FILE_STATS: 'Gathering file statistics',
  HB_END_FILE_STATS: 'File statistics gathered',
  HB_PLAN: 'Backup plan',
  HB_BEGIN_BACKUP_SCRIPT_GEN: 'Writing backup script',
  HB_END_BACKUP_SCRIPT_GEN: 'Backup script written',
  HB_BEGIN_RESTORE_SCRIPT_GEN: 'Writing restore script',
  HB_END_RESTORE_SCRIPT_GEN: 'Restore script written',
  HB_BEGIN_LOCK_FILES: 'Locking files',
  HB_END_LOCK_FILES: 'Files locked',
  HB_SQLITE_SNAPSHOT_HELD: 'Database snapshot held',
  HB_SQLITE_COPIED: 'Database copied',
  HB_SQLITE_QUICK_CHECK: 'Database copy checked',
  HB_SNAPSHOT_POINT: 'Snapshot point reached',
  HB_USER_TASK_REC: 'User task record',
  HB_VALIDATION_ATTEMPT: 'Validation attempt',
  HB_UNSETTLED_INCLUDED: 'File included while changing',
  HB_SKIPPED: 'Skipped',
  HB_FILE_VANISHED: 'File vanished',
  HB_BEGIN_STREAM: 'Streaming files',
  HB_VOLUME_WRITTEN: 'Volume written',
  HB_END_STREAM: 'Files streamed',
  HB_BEGIN_VALIDATE: 'Validating save',
  HB_END_VALIDATE: 'Save validated',
  HB_COMMITTED: 'Backup committed',
  HB_MOVING_BACKUP: 'Moving backup',
  HB_DELETING_BACKUP: 'Deleting old backup',
  HB_CLEANUP_FAILED: 'Removing old backups failed',
  HB_SUCCEEDED: 'HotBackup succeeded',
  HB_FAILED: 'HotBackup failed',
  HB_INTERRUPTED: 'HotBackup interrupted',
  HB_MAIL_SENT: 'Notification sent',
  HB_MAIL_FAILED: 'Notification failed',
  HB_VERIFY_STARTED: 'Verify started',
  HB_VERIFY_SUCCEEDED: 'Verify succeeded',
  HB_VERIFY_FAILED: 'Verify found damage',
};

export function stepName(code: string): string {
  const known = names[code];
  if (known) return known;
  const words = code.replace(/^[a-z]:/, '').replace(/^HB_/, '').toLowerCase().split('_').filter(Boolean).join(' ');
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

export function stepKind(code: string): StepKind {
  if (/FAILED|INTERRUPTED|VANISHED|UNSETTLED/.test(code)) return 'problem';
  if (code === 'HB_USER_TASK_REC') return 'task';
  if (code.startsWith('HB_MAIL_')) return 'mail';
  if (code === 'HB_VALIDATION_ATTEMPT') return 'validation';
  return 'step';
}

export interface ReportLine extends HbLogLine {
  step: string;
  kind: StepKind;
}

export const reportLines = (log: readonly HbLogLine[]): ReportLine[] => log.map((l) => ({ ...l, step: stepName(l.code), kind: stepKind(l.code) }));
