import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, settings, TempDirs } from '../testing/engine-fixtures.js';
import { readBackupFile } from './read-entry.js';

// The console's single-file download asks by the name it shows: a Latin-1 name (not UTF-8) shows
// U+FFFD, and "holds no …" was the answer. It is found by that text when only one name reads so.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const text = async (r: Awaited<ReturnType<typeof readBackupFile>>) => {
  const parts: Buffer[] = [];
  for await (const c of r.chunks) parts.push(c);
  return Buffer.concat(parts).toString();
};

it('downloads a file whose name is not UTF-8 by the name the console shows; two names that read alike are refused by name', async () => {
  const data = temps.make('raw-data');
  writeFileSync(Buffer.from(join(data, 'caf\xe9.txt'), 'latin1'), 'latin1 name');
  writeFileSync(Buffer.from(join(data, 'a\xff.txt'), 'latin1'), 'first');
  writeFileSync(Buffer.from(join(data, 'a\xfe.txt'), 'latin1'), 'second');
  const hb = temps.make('raw-hb');
  const r = await runBackupInThread(baseOptions(hb, [data], { settings: settings({ compression: 'gzip' }) }));
  expect(r.error).toBeNull();
  const top = data.split('/').pop() as string;
  const file = await readBackupFile(hb, r.id as string, `${top}/caf\uFFFD.txt`);
  expect(await text(file)).toBe('latin1 name');
  await expect(readBackupFile(hb, r.id as string, `${top}/a\uFFFD.txt`)).rejects.toThrow(`holds 2 names that read "${top}/a\uFFFD.txt"`);
});
