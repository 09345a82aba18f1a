import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupIdPrefix, nextBackupId, takenBackupIds } from './backup-id.js';

const day = new Date(2026, 10, 26, 9, 30); // 26 Nov 2026, local time

describe('nextBackupId', () => {
  it.each([
    { taken: [], want: '26112601' },
    { taken: ['26112601'], want: '26112602' },
    { taken: ['26112601', '26112605', '26112503'], want: '26112606' },
    { taken: ['26112599', 'notes.txt', '2611260'], want: '26112601' },
    { taken: ['26112698'], want: '26112699' },
  ])('after $taken gives $want', ({ taken, want }) => {
    expect(nextBackupId(day, taken)).toBe(want);
  });

  it('uses the local date', () => {
    expect(backupIdPrefix(new Date(2027, 0, 3, 23, 59))).toBe('270103');
  });

  it('refuses the 100th run of a day with a message that says what to do', () => {
    expect(() => nextBackupId(day, ['26112699'])).toThrow(/26112601 to 26112699 are all used.*Delete/);
  });
});

describe('takenBackupIds', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects IDs from the three folders and BACKUP.LOG', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-id-'));
    await mkdir(join(dir, 'Recent', '26112601'), { recursive: true });
    await mkdir(join(dir, 'Archive', '26112502'), { recursive: true });
    await mkdir(join(dir, 'Failed', '26112603'), { recursive: true });
    await writeFile(
      join(dir, 'BACKUP.LOG'),
      '26112604|On Demand|2026-11-26T09:00:00.000+00:00||Failed|Failed|u|t|||gone|\n',
    );
    const taken = await takenBackupIds(dir);
    expect([...taken].sort()).toEqual(['26112502', '26112601', '26112603', '26112604']);
    expect(nextBackupId(day, taken)).toBe('26112605');
  });
});
