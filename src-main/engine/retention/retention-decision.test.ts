import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../shared/vault.js';
import { decideDelete, decideRetention, nextRunDeletes } from './retention-decision.js';

// Compact records: 'R01' = Succeeded in Recent, 'A01' = Succeeded in Archive,
// 'F01' = Failed in Failed, 'P01' = In Progress in Failed. IDs are 261126NN.
function recs(spec: string): BackupRecord[] {
  return spec.split(' ').filter(Boolean).map((s) => {
    const kind = s[0] as 'R' | 'A' | 'F' | 'P';
    return {
      id: `261126${s.slice(1)}`,
      trigger: 'On Demand',
      started: '2026-11-26T09:00:00.000+00:00',
      ended: null,
      result: kind === 'F' ? 'Failed' : kind === 'P' ? 'In Progress' : 'Succeeded',
      folder: kind === 'R' ? 'Recent' : kind === 'A' ? 'Archive' : 'Failed',
      user: '',
      task: '',
      files: null,
      bytes: null,
      error: '',
      foundOnDisk: false,
    };
  });
}
const short = (id: string) => id.slice(6);

describe('decideRetention', () => {
  it.each([
    { records: 'R01 R02 R03 R04', recent: 4, archive: 2, moves: [], deletes: [] },
    { records: 'R01 R02 R03 R04 R05', recent: 4, archive: 2, moves: ['01'], deletes: [] },
    { records: 'A01 A02 R03 R04 R05 R06 R07', recent: 4, archive: 2, moves: ['03'], deletes: ['01'] },
    // Lowering counts: several at once, straight from Recent when Archive has no room.
    { records: 'A01 A02 R03 R04 R05 R06', recent: 1, archive: 1, moves: ['05'], deletes: ['01', '02', '03', '04'] },
    { records: 'R01 R02 R03', recent: 1, archive: 0, moves: [], deletes: ['01', '02'] },
    // Raising Recent never pulls backups back from Archive.
    { records: 'A01 A02 R03', recent: 4, archive: 2, moves: [], deletes: [] },
    // Deleting a success deletes older failed ones, not newer ones, never one In Progress.
    { records: 'F01 P02 A03 F04 R05 R06', recent: 1, archive: 1, moves: ['05'], deletes: ['03', '01'] },
    // Failures and runs not yet validated never count against the limits.
    { records: 'R01 F02 F03 P04', recent: 1, archive: 0, moves: [], deletes: [] },
    // The newest good backup survives even Archive 0 with nothing newer in Recent.
    { records: 'A01 A02 P03', recent: 1, archive: 0, moves: [], deletes: ['01'] },
  ])('$records with $recent/$archive', ({ records, recent, archive, moves, deletes }) => {
    const plan = decideRetention(recs(records), { recent, archive });
    expect(plan.moves.map((m) => short(m.id))).toEqual(moves);
    expect(plan.deletes.map((d) => short(d.id))).toEqual(deletes);
  });
});

describe('decideDelete', () => {
  it.each([
    { records: 'F01 F02 R03 F04', id: '03', deletes: ['03', '01', '02'] },
    { records: 'F01 F02 R03 F04', id: '02', deletes: ['02'] },
    { records: 'F01 A02 R03', id: '02', deletes: ['02', '01'] },
    { records: 'P01 A02', id: '02', deletes: ['02'] },
  ])('deleting $id of $records', ({ records, id, deletes }) => {
    expect(decideDelete(recs(records), `261126${id}`)?.map((d) => short(d.id))).toEqual(deletes);
  });

  it('answers null for an unknown ID', () => {
    expect(decideDelete(recs('R01'), '26112609')).toBeNull();
  });
});

describe('nextRunDeletes (what the run after a retention change deletes)', () => {
  it.each([
    // Today's counts: the next run moves one to Archive and deletes nothing.
    { records: 'A01 R02 R03 R04 R05', recent: 4, archive: 2, deletes: [] },
    // Lowered to 2/1: the next run's cleanup deletes three backups, and the failed one before them.
    { records: 'F00 A01 R02 R03 R04 R05', recent: 2, archive: 1, deletes: ['01', '02', '03', '00'] },
    // Archive 0: everything but the new backup and one in Recent.
    { records: 'R01 R02', recent: 1, archive: 0, deletes: ['01', '02'] },
  ])('$records with $recent/$archive', ({ records, recent, archive, deletes }) => {
    expect(nextRunDeletes(recs(records), { recent, archive }).map((d) => short(d.id))).toEqual(deletes);
  });
});
