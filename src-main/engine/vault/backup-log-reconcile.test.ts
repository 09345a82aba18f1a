import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../shared/vault.js';
import { reconcileBackupLog } from './backup-log-reconcile.js';

const line = (id: string, folder: BackupRecord['folder'], error = ''): BackupRecord => ({
  id, trigger: 'On Demand', started: 's', ended: null, result: folder === 'Failed' ? 'Failed' : 'Succeeded', folder, user: '', task: '', files: null, bytes: null, error, foundOnDisk: false,
});

describe('reconcileBackupLog', () => {
  it('keeps lines whose folder exists, drops the rest, finds folders without lines', () => {
    const r = reconcileBackupLog(
      [line('26112601', 'Recent'), line('26112602', 'Recent'), line('26112603', 'Failed')],
      [{ id: '26112601', folder: 'Recent' }, { id: '26112603', folder: 'Failed' }, { id: '26112604', folder: 'Failed' }],
    );
    expect(r.records.map((x) => x.id)).toEqual(['26112601', '26112603']);
    expect(r.dropped.map((x) => x.id)).toEqual(['26112602']);
    expect(r.unlisted).toEqual([{ id: '26112604', folder: 'Failed' }]);
  });

  it('follows a folder that moved (a crash between the move and the log rewrite)', () => {
    const r = reconcileBackupLog([line('26112601', 'Recent')], [{ id: '26112601', folder: 'Archive' }]);
    expect(r.records[0]!.folder).toBe('Archive');
    expect(r.relocated).toEqual([{ id: '26112601', from: 'Recent', to: 'Archive' }]);
  });

  it('keeps the last of duplicate lines', () => {
    const r = reconcileBackupLog([line('26112601', 'Failed', 'first'), line('26112601', 'Failed', 'second')], [{ id: '26112601', folder: 'Failed' }]);
    expect(r.records.map((x) => x.error)).toEqual(['second']);
    expect(r.duplicates).toEqual(['26112601']);
  });
});
