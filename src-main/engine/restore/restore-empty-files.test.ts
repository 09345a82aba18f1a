import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EMPTY_SHA256 } from './extract-writer.js';
import { restoreBackup } from './restore-backup.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

// An empty file's content is checked against the SHA-256 of no bytes without hashing anything
// (issue 16: time per file). The check itself stays: a manifest naming another hash for an empty
// file means the backup is damaged there, and that file is left out and named.

let root = '';
let hb = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-empty-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
});
afterEach(async () => rm(root, { recursive: true, force: true }));

it('restores empty files with their mode and time, and names one whose manifest hash is not that of no bytes', async () => {
  expect(createHash('sha256').digest('hex')).toBe(EMPTY_SHA256);
  const dir = await makeBackupFixture(
    hb,
    '26113020',
    [
      { path: 'data', type: 'Directory' },
      { path: 'data/empty.txt', content: '', mode: 0o640 },
      { path: 'data/bad-empty.txt', content: '' },
      { path: 'data/full.txt', content: 'full' },
    ],
    { offsets: true },
  );
  const file = join(dir, 'MANIFEST.json');
  const lines = (await readFile(file, 'utf8')).split('\n');
  const at = lines.findIndex((l) => l.includes('"data/bad-empty.txt"'));
  expect(lines[at]).toContain(EMPTY_SHA256);
  lines[at] = (lines[at] as string).replace(EMPTY_SHA256, createHash('sha256').update('x').digest('hex'));
  await writeFile(file, lines.join('\n'));

  const to = join(root, 'out');
  const s = await restoreBackup(hb, { id: '26113020', to });
  expect(s.files).toBe(2);
  expect(s.failed).toEqual([{ path: 'data/bad-empty.txt', problem: expect.stringContaining('does not match its SHA-256') }]);
  const empty = await stat(join(to, 'data/empty.txt'));
  expect(empty.size).toBe(0);
  expect(empty.mode & 0o7777).toBe(0o640);
  expect(empty.mtime.getTime()).toBe(new Date(2026, 10, 26, 9).getTime());
  expect(await readFile(join(to, 'data/full.txt'), 'utf8')).toBe('full');
  await expect(stat(join(to, 'data/bad-empty.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
});
