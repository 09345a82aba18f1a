import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../shared/contract.js';
import type { OffsiteStatus } from '../../../shared/offsite.js';
import { localAdmin } from '../../../shared/roles.js';
import type { BackupStarted } from '../../../shared/run.js';
import { createDirector } from '../director.js';
import { keyFile } from './testing/offsite-fixtures.js';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';

// `hotbackup backup` with no Director running runs one in the command and stops it when the backup
// has ended: the after-run copy it had just begun was recorded as a failed copy with Node's words
// ("Premature close", "system error EPIPE") in HB.LOG, the history and the Offsite tab, and was
// never made. A copy stopped by a stop is not a failure: it is made when a Director starts again.
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
const temps = new TempDirs();
let root = '';
afterEach(async () => {
  temps.cleanup();
  await rm(root, { recursive: true, force: true });
});

describe('a Director stopped while an after-run copy runs (as hotbackup backup without a Director)', () => {
  it('records no failed copy and no raw error; the next Director makes the copy', async () => {
    root = await mkdtemp(join(tmpdir(), 'hb-offsite-stop-'));
    const data = join(root, 'data');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'letter.txt'), 'Dear client,\n'.repeat(100));
    await writeFile(join(data, 'scan.pdf'), randomBytes(3 * 1024 * 1024));
    const key = await keyFile(temps);
    const configDir = join(root, 'config');
    const remote = join(root, 'usb');
    const first = await createDirector({ configDir, home: root, platform: 'linux', schedule: false });
    let id = '';
    try {
      const saved = await first.invoke(
        'settings.update',
        { folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: 'Office', exclude: [] }], offsite: { targets: [{ id: 'usb', label: 'USB disk', remote, recipients: [key.publicKey] }] } },
        ctx,
      );
      expect(saved).toMatchObject({ ok: true });
      const r = await first.invoke('backup.start', { user: 'alice', task: '', system: '', wait: true }, ctx);
      expect(r).toMatchObject({ ok: true });
      id = (r.ok ? (r.value as BackupStarted).outcome?.id : '') ?? '';
    } finally {
      await first.close();
    }
    const hbLog = await readFile(join(root, 'HotBackup', 'Recent', id, 'HB.LOG'), 'utf8');
    expect(hbLog).not.toMatch(/HB_OFFSITE_FAILED/);
    expect(hbLog).not.toMatch(/Premature close|EPIPE/);
    const history = await readFile(join(configDir, 'offsite-history.jsonl'), 'utf8').catch(() => '');
    expect(history).not.toMatch(/"ok":false/);

    const next = await createDirector({ configDir, home: root, platform: 'linux' });
    try {
      const status = async () => {
        const s = await next.invoke('offsite.status', {}, ctx);
        return s.ok ? (s.value as OffsiteStatus) : null;
      };
      await vi.waitFor(async () => expect((await status())?.targets[0]?.lastCopy).toMatchObject({ backupId: id, ok: true }), { timeout: 120_000, interval: 250 });
    } finally {
      await next.close();
    }
  }, 300_000);
});
