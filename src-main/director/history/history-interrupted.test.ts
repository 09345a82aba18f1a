import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/history.js';
import { attemptOfBackup } from './history-interrupted.js';

const attempt = (key: string, startedAt: string, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  key, kind: 'attempt', startedAt, endedAt: null, trigger: 'On Demand', user: 'ann', task: '', result: 'Interrupted', phase: null,
  cause: 'killed', causeKind: 'interrupted', id: null, hotBackupFolder: '/hb', files: null, bytes: null, skipped: null, ...over,
});
const record = { id: '26120104', trigger: 'On Demand', user: 'ann', started: '2026-12-01T01:28:15.834+00:00' };

describe('attemptOfBackup', () => {
  it('names the newest attempt begun before the backup started, when it is Interrupted without an ID', () => {
    const entries = [attempt('a', '2026-12-01T01:28:14.000+00:00', { id: '26120103' }), attempt('b', '2026-12-01T01:28:15.800+00:00'), attempt('c', '2026-12-01T01:28:16.600+00:00')];
    expect(attemptOfBackup(entries, '/hb', record)).toBe('b');
  });

  it('names none when the newest attempt before it has an ID or ended, is another trigger or user, or another folder', () => {
    const at = '2026-12-01T01:28:15.800+00:00';
    expect(attemptOfBackup([attempt('b', at, { id: '26120103' })], '/hb', record)).toBeNull();
    expect(attemptOfBackup([attempt('b', at, { result: 'Failed' })], '/hb', record)).toBeNull();
    expect(attemptOfBackup([attempt('b', at, { trigger: 'Scheduled' })], '/hb', record)).toBeNull();
    expect(attemptOfBackup([attempt('b', at, { user: 'bob' })], '/hb', record)).toBeNull();
    expect(attemptOfBackup([attempt('b', at, { hotBackupFolder: '/other' })], '/hb', record)).toBeNull();
    // An attempt that failed (another process, refused by the folder lock) began in between: not sure, none named.
    expect(attemptOfBackup([attempt('b', at), attempt('x', '2026-12-01T01:28:15.820+00:00', { result: 'Failed' })], '/hb', record)).toBeNull();
  });

  it('names none when an attempt already has the ID', () => {
    expect(attemptOfBackup([attempt('b', '2026-12-01T01:28:15.800+00:00'), attempt('z', '2026-12-01T01:28:10.000+00:00', { id: record.id })], '/hb', record)).toBeNull();
  });
});
