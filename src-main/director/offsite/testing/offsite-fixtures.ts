// Shared by the offsite tests: a real backup made by the engine, a real age key, copy-job inputs. Not shipped code.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OffsiteTarget } from '../../../../shared/offsite-settings.js';
import { runBackup } from '../../../engine/worker/run-in-worker.js';
import { baseOptions, settings, type TempDirs } from '../../../engine/testing/engine-fixtures.js';
import { hbLogAppender } from '../../../engine/vault/stored-hb-log.js';
import type { CopyJobInput } from '../copy-job.js';
import { generateKeyPair } from '../offsite-keygen.js';

/** A data directory with text and 3 MiB of random bytes: several 1 MiB volumes. */
export async function makeBackup(temps: TempDirs, into?: { folder: string; data: string }): Promise<{ id: string; backupPath: string; folder: string; data: string }> {
  const data = into?.data ?? temps.make('offsite-data');
  mkdirSync(join(data, 'Clients', 'Smith'), { recursive: true });
  writeFileSync(join(data, 'Clients', 'Smith', 'letter.txt'), 'Dear Mr Smith,\n'.repeat(200));
  writeFileSync(join(data, 'Clients', 'scan.pdf'), randomBytes(3 * 1024 * 1024));
  writeFileSync(join(data, 'ledger.csv'), 'date,amount\n2026-11-30,100\n');
  const folder = into?.folder ?? temps.make('offsite-hb');
  const r = await runBackup(baseOptions(folder, [data], { settings: settings({ volumeSize: 1024 * 1024 }) }));
  if (r.result !== 'Succeeded' || !r.id || !r.backupPath) throw new Error(`the test backup failed: ${r.error}`);
  return { id: r.id, backupPath: r.backupPath, folder, data };
}

export async function keyFile(temps: TempDirs): Promise<{ publicKey: string; file: string }> {
  const pair = await generateKeyPair(() => new Date());
  const file = join(temps.make('offsite-key'), 'key.txt');
  writeFileSync(file, pair.secretKey, { mode: 0o600 });
  return { publicKey: pair.publicKey, file };
}

export const testTarget = (over: Record<string, unknown>) => OffsiteTarget.parse({ id: 'nas', label: 'Office NAS', remote: '/nonexistent', ...over });

export function jobInput(temps: TempDirs, b: { id: string; backupPath: string }, target: OffsiteTarget, over: Partial<CopyJobInput> = {}): CopyJobInput & { steps: string[] } {
  const steps: string[] = [];
  const work = temps.make('offsite-work');
  return {
    target,
    backupId: b.id,
    backupPath: b.backupPath,
    seq: 1,
    keep: 6,
    stagingDir: join(work, 'staging', target.id, b.id),
    workDir: join(work, 'conf'),
    partSize: 1024 * 1024,
    openSecret: (s) => s,
    clock: () => new Date('2026-11-30T23:00:00Z'),
    log: hbLogAppender(b.backupPath),
    progress: (p) => steps.push(p.step),
    steps,
    ...over,
  };
}
