import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBackupLog, writeBackupLog } from './backup-log.js';
import { formatBackupLine, parseBackupLine } from './backup-log-format.js';
import { decideRetention } from '../retention/retention-decision.js';
import { compareRunOrder, nextSequence } from './run-order.js';

// BACKUP.LOG line format 2 (field 12: the run's sequence) and the order retention follows.
// The format 1 lines are as HotBackup wrote them before the sequence existed (main, 2026-11-30).

const FORMAT1 = [
  '27112601|On Demand|2027-11-26T09:00:00.000+00:00|2027-11-26T09:00:04.000+00:00|Succeeded|Recent|frank||3|120||',
  '26112601|Scheduled|2026-11-26T22:00:00.000+00:00|2026-11-26T22:01:00.000+00:00|Succeeded|Recent|(schedule)|Nightly|3|120||',
  '26112602|On Demand|2026-11-26T23:00:00.000+00:00|2026-11-26T23:00:09.000+00:00|Failed|Failed|ann||||disk full|',
].join('\n') + '\n';

describe('BACKUP.LOG with the run sequence', () => {
  it('reads a BACKUP.LOG written before the sequence existed, and writes its lines back unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hb-seq-'));
    try {
      await writeFile(join(dir, 'BACKUP.LOG'), FORMAT1);
      const log = await readBackupLog(dir);
      expect(log.damaged).toEqual([]);
      expect(log.records.map((r) => [r.id, r.result, r.seq])).toEqual([['27112601', 'Succeeded', undefined], ['26112601', 'Succeeded', undefined], ['26112602', 'Failed', undefined]]);
      expect(nextSequence(log.records)).toBe(1);
      await writeBackupLog(dir, log.records);
      const again = await readBackupLog(dir);
      expect(again.records.map(formatBackupLine).sort()).toEqual(FORMAT1.trim().split('\n').sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes the sequence as field 12 and reads it back', () => {
    const r = parseBackupLine(FORMAT1.split('\n')[1]!);
    if (!r.ok) throw new Error(r.reason);
    const line = formatBackupLine({ ...r.record, seq: 7 });
    expect(line).toBe('26112601|Scheduled|2026-11-26T22:00:00.000+00:00|2026-11-26T22:01:00.000+00:00|Succeeded|Recent|(schedule)|Nightly|3|120||7|');
    expect(parseBackupLine(line)).toMatchObject({ ok: true, record: { id: '26112601', seq: 7, error: '' } });
    expect(parseBackupLine('26112601|x|y|')).toMatchObject({ ok: false, reason: 'expected 11 or 12 fields, found 3' });
  });

  it('orders by sequence, backups without one (older releases) first by ID', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hb-seq-'));
    try {
      await writeFile(join(dir, 'BACKUP.LOG'), FORMAT1);
      const old = (await readBackupLog(dir)).records.filter((r) => r.result === 'Succeeded');
      const base = old[1]!;
      const fresh = [
        { ...base, id: '26112701', seq: 1 },
        { ...base, id: '26112702', seq: 2 },
      ];
      const all = [...old, ...fresh];
      expect([...all].sort(compareRunOrder).map((r) => r.id)).toEqual(['26112601', '27112601', '26112701', '26112702']);
      expect(nextSequence(all)).toBe(3);
      // Keep 2 in Recent, none in Archive: the two runs made last stay, whatever their dates say.
      const plan = decideRetention(all, { recent: 2, archive: 0 });
      expect(plan.deletes.map((d) => d.id).sort()).toEqual(['26112601', '27112601']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
