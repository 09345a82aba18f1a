import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBackupInThread } from '../../engine/run/run-phases.js';
import { baseOptions, settings, TempDirs } from '../../engine/testing/engine-fixtures.js';
import { verifyStoredBackup } from '../../engine/validate/verify-stored.js';
import { findBackup } from '../../engine/vault/backup-lookup.js';
import { restoreBackup } from '../../engine/restore/restore-backup.js';
import { formatRestore, formatVerify } from './vault-format.js';

// Two Latin-1 names one byte apart ("caf\xe9.txt", "caf\xe8.txt") both read "caf\uFFFD.txt" as
// text. Where an administrator reads which file is damaged (hotbackup verify, the restore's
// "NOT restored" list, HB.LOG) they must stay two names, written as the console writes them.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

it('verify, restore and HB.LOG name two damaged files one byte apart as two names (caf\\xe9.txt, caf\\xe8.txt)', async () => {
  const data = temps.make('raw-verify-data');
  writeFileSync(Buffer.from(join(data, 'caf\xe9.txt'), 'latin1'), 'E9E9E9E9E9E9E9E9E9E9');
  writeFileSync(Buffer.from(join(data, 'caf\xe8.txt'), 'latin1'), 'E8E8E8E8E8E8E8E8E8E8');
  const hb = temps.make('raw-verify-hb');
  const r = await runBackupInThread(baseOptions(hb, [data], { settings: settings({ compression: 'none' }) }));
  expect(r.error).toBeNull();
  const id = r.id as string;
  const { path: dir } = await findBackup(hb, id);
  const volume = join(dir, 'BACKUP.001');
  const tar = readFileSync(volume, 'latin1').replace('E9E9E9E9E9', 'XXXXXXXXXX').replace('E8E8E8E8E8', 'YYYYYYYYYY');
  writeFileSync(volume, Buffer.from(tar, 'latin1'));

  const top = data.split('/').pop() as string;
  const v = await verifyStoredBackup(hb, id);
  expect(v.ok).toBe(false);
  const out = formatVerify(v);
  expect(out).toContain(`entry ${top}/caf\\xe9.txt: content does not match`);
  expect(out).toContain(`entry ${top}/caf\\xe8.txt: content does not match`);
  expect(out).not.toContain('\uFFFD');

  const to = temps.make('raw-verify-to');
  const s = await restoreBackup(hb, { id, to });
  const restored = formatRestore(s);
  expect(restored).toContain(`${top}/caf\\xe9.txt: `);
  expect(restored).toContain(`${top}/caf\\xe8.txt: `);

  const log = readFileSync(join(dir, 'HB.LOG'), 'utf8');
  expect(log).not.toContain('\uFFFD');
  expect(log).toMatch(/HB_RESTORE_LEFT_OUT\|"[^"]*caf\\xe9\.txt"/);
  expect(log).toMatch(/HB_RESTORE_LEFT_OUT\|"[^"]*caf\\xe8\.txt"/);
  expect(log).toContain(`"${top}/caf\\xe9.txt" (content does not match`);
});
