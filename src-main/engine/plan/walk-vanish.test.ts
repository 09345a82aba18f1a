import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countSkips } from '../run/run-phases.js';
import { TempDirs } from '../testing/engine-fixtures.js';
import { walkPlan } from './walk-plan.js';

// Case trust/folder-vanishes-mid-walk: a program's temporary folder (or file) removed while the walk
// lists the data directory is skipped and counted as vanished, never a failed run.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('what vanishes during the walk', () => {
  it('a folder deleted after it was listed, and a file deleted before its lstat, are skipped as vanished and named', async () => {
    const data = temps.make('data');
    mkdirSync(join(data, '~tmp0001', 'sub'), { recursive: true });
    writeFileSync(join(data, '~tmp0001', 'sub', 'x.tmp'), 't');
    writeFileSync(join(data, 'a-letter.txt'), 'Dear client');
    writeFileSync(join(data, 'b-draft.tmp'), 'draft');
    const plan = await walkPlan({
      dataDirectories: [{ path: data, label: 'data', exclude: [] }],
      hotBackupFolder: temps.make('hb'),
      onFile: (_n, current) => {
        // The editor removes its draft after the folder was listed, and its temporary folder after the walk saw it.
        if (current === join(data, 'a-letter.txt')) rmSync(join(data, 'b-draft.tmp'));
        if (current === join(data, '~tmp0001')) rmSync(join(data, '~tmp0001'), { recursive: true });
      },
    });
    expect(plan.skipped.map((s) => [s.source, s.kind, s.reason])).toEqual([
      [join(data, 'b-draft.tmp'), 'vanished', 'deleted while the backup listed it; not in this backup'],
      [join(data, '~tmp0001'), 'vanished', 'folder deleted while the backup listed it; not in this backup'],
    ]);
    expect(countSkips(plan.skipped)).toEqual({ vanished: 2, unreadable: 0, special: 0 });
    expect(plan.entries.toArray().filter((e) => e.kind === 'file').map((e) => e.source)).toEqual([join(data, 'a-letter.txt')]);
  });

  it('exclude patterns and SQLite -shm files are choices, not skips', () => {
    expect(countSkips([{ kind: 'excluded' }, { kind: 'own' }, { kind: 'special' }, { kind: 'unreadable' }])).toEqual({ vanished: 0, unreadable: 1, special: 1 });
  });
});
