import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../shared/contract.js';
import type { OffsiteStatus } from '../../../shared/offsite.js';
import { localAdmin } from '../../../shared/roles.js';
import { defaultSettings } from '../../../shared/settings.js';
import { TempDirs, treeDigest } from '../../engine/testing/engine-fixtures.js';
import { createDirector, type Director } from '../director.js';
import { appendOffsiteHistory } from './offsite-history.js';
import { restoreFromTarget } from './offsite-restore.js';
import { keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

// Issue 19: copies the Director did not finish (killed mid-copy, power cut) or never made (down
// after the run) are queued again when it starts; stagings of removed targets are removed.
// Real Director processes, the real engine, real rclone (to a local path) and real age.

// rclone behind a thin wrapper: while the "slow" flag file exists, an upload waits (a slow target)
// after leaving a mark that it began.
const wrap = vi.hoisted(() => {
  const fs = process.getBuiltinModule('node:fs');
  const dir = fs.mkdtempSync('/tmp/hb-offsite-slow-');
  const rclone = `${dir}/rclone`;
  fs.writeFileSync(rclone, `#!/bin/sh
case " $* " in *" copyto "*) if [ -e "${dir}/slow" ]; then touch "${dir}/uploading"; sleep 600; fi;; esac
exec rclone "$@"
`, { mode: 0o755 });
  process.env.HOTBACKUP_RCLONE = rclone;
  return { dir, slow: `${dir}/slow`, uploading: `${dir}/uploading` };
});

const temps = new TempDirs();
afterAll(() => {
  temps.cleanup();
  rmSync(wrap.dir, { recursive: true, force: true });
});

const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };

function writeSettings(configDir: string, home: string, folder: string, data: string, targets: unknown[], timeZone?: string): void {
  mkdirSync(configDir, { recursive: true });
  const base = defaultSettings('linux', home);
  const s = { ...base, schedule: { ...base.schedule, ...(timeZone ? { timeZone } : {}) }, folder: { path: folder, rotateDrives: false }, dataDirectories: [{ path: data, label: 'Office', exclude: [] }], offsite: { targets } };
  writeFileSync(join(configDir, 'settings.json'), JSON.stringify(s));
}

async function status(director: Director): Promise<OffsiteStatus> {
  const r = await director.invoke('offsite.status', {}, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as OffsiteStatus;
}

describe('offsite copies after a Director stopped without finishing them', () => {
  it('a copy cut by a SIGKILL of the Director is queued again at its next start, completes from the kept staging, and the copy on the target restores', async () => {
    const root = temps.make('offsite-kill');
    const data = join(root, 'data');
    mkdirSync(join(data, 'Clients'), { recursive: true });
    writeFileSync(join(data, 'Clients', 'letter.txt'), 'Dear Mr Smith,\n'.repeat(500));
    writeFileSync(join(data, 'ledger.csv'), 'date,amount\n2026-11-30,100\n');
    const key = await keyFile(temps);
    const remote = join(root, 'remote');
    const folder = join(root, 'HotBackup');
    const configDir = join(root, 'config');
    writeSettings(configDir, root, folder, data, [testTarget({ id: 'nas', remote, recipients: [key.publicKey] })]);

    writeFileSync(wrap.slow, '');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing', 'offsite-director.child.ts'), configDir, root], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += String(b)));
    child.stderr.on('data', (b: Buffer) => (err += String(b)));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, sig) => r(sig)));
    try {
      // The copy is prepared and its first upload has begun when the Director is killed (with its rclone).
      await vi.waitFor(() => expect(existsSync(wrap.uploading), `the child Director: ${out} ${err}`).toBe(true), { timeout: 120_000, interval: 200 });
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    const id = (JSON.parse(out.trim().split('\n').pop()!) as { backup: string }).backup;
    const staging = join(folder, '.offsite', 'nas', id);
    expect(existsSync(join(staging, 'STAGED.json'))).toBe(true);
    expect(existsSync(join(remote, id, 'OFFSITE.json'))).toBe(false);

    rmSync(wrap.slow);
    const director = await createDirector({ configDir, home: root, platform: 'linux' });
    try {
      await vi.waitFor(async () => expect((await status(director)).targets[0]?.lastCopy).toMatchObject({ backupId: id, ok: true }), { timeout: 120_000, interval: 250 });
    } finally {
      await director.close();
    }
    expect(existsSync(staging)).toBe(false);
    expect(readFileSync(join(configDir, 'logs', 'director.log'), 'utf8')).toContain(`offsite: queued again the copies not finished (or not made) before the Director stopped: ${id} to "Office NAS" (prepared)`);
    const to = join(root, 'restored');
    const restored = await restoreFromTarget({ target: testTarget({ id: 'nas', remote, recipients: [key.publicKey] }), backupId: id, to, identity: readFileSync(key.file, 'utf8'), workDir: join(root, 'rwork'), openSecret: (s) => s });
    expect(restored.checked).toBe(true);
    expect(readdirSync(to)).toHaveLength(1);
    expect(treeDigest(join(to, readdirSync(to)[0]!))).toEqual(treeDigest(data));
  }, 300_000);

  it('a backup made while the Director was down is copied at start to an "after every run" target, not to a target with no copy yet; stagings of removed targets go, at start and when a target is removed (a disabled target keeps its own)', async () => {
    const b1 = await makeBackup(temps);
    const root = temps.make('offsite-missed');
    const configDir = join(root, 'config');
    const usb = join(root, 'usb');
    const fresh = join(root, 'fresh');
    writeSettings(configDir, root, b1.folder, b1.data, [testTarget({ id: 'usb', label: 'USB disk', remote: usb }), testTarget({ id: 'fresh', label: 'New NAS', remote: fresh }), testTarget({ id: 'old', label: 'Old NAS', remote: join(root, 'old'), enabled: false })]);
    // usb got b1 before the Director stopped; b2 was made by the engine while no Director ran.
    await appendOffsiteHistory(configDir, { target: 'usb', label: 'USB disk', backupId: b1.id, started: '2026-11-30T22:00:00Z', ended: '2026-11-30T22:01:00Z', ok: true, attempt: 1, bytesSent: 1, error: '', encrypted: false });
    const b2 = await makeBackup(temps, { folder: b1.folder, data: b1.data });
    for (const t of ['gone', 'old']) mkdirSync(join(b1.folder, '.offsite', t, b1.id), { recursive: true });
    const director = await createDirector({ configDir, home: root, platform: 'linux' });
    try {
      await vi.waitFor(async () => expect((await status(director)).targets.find((t) => t.target === 'usb')?.lastCopy).toMatchObject({ backupId: b2.id, ok: true }), { timeout: 120_000, interval: 250 });
      expect(readdirSync(usb)).toEqual([b2.id]);
      expect(existsSync(fresh)).toBe(false);
      expect(readdirSync(join(b1.folder, '.offsite')).sort()).toEqual(['old']);
      const saved = await director.invoke('settings.update', { offsite: { targets: [{ id: 'usb', label: 'USB disk', remote: usb }, { id: 'fresh', label: 'New NAS', remote: fresh }] } }, ctx);
      expect(saved).toMatchObject({ ok: true });
      await vi.waitFor(() => expect(existsSync(join(b1.folder, '.offsite', 'old'))).toBe(false), { timeout: 10_000 });
    } finally {
      await director.close();
    }
  }, 300_000);

  it('a target whose own schedule time passed while the Director was down gets one catch-up copy of the newest backup at start (clock injected)', async () => {
    const b = await makeBackup(temps);
    const root = temps.make('offsite-catchup');
    const configDir = join(root, 'config');
    const nas = join(root, 'nas');
    const nightly = testTarget({ id: 'nas', remote: nas, when: { kind: 'schedule', days: { kind: 'everyDay' }, times: ['02:00', '03:00'] } });
    writeSettings(configDir, root, b.folder, b.data, [nightly], 'UTC');
    // The Director last looked at 01:30; it starts again at 03:30: 02:00 and 03:00 were missed.
    writeFileSync(join(configDir, 'offsite-schedule-state.json'), JSON.stringify({ watermark: '2026-12-01T01:30:00.000Z' }));
    const director = await createDirector({ configDir, home: root, platform: 'linux', clock: () => new Date('2026-12-01T03:30:00Z') });
    try {
      await vi.waitFor(async () => expect((await status(director)).targets[0]?.lastCopy).toMatchObject({ backupId: b.id, ok: true }), { timeout: 120_000, interval: 250 });
      expect((await status(director)).recent.filter((r) => r.target === 'nas')).toHaveLength(1);
    } finally {
      await director.close();
    }
    expect(readdirSync(nas)).toEqual([b.id]);
    expect(readFileSync(join(configDir, 'logs', 'director.log'), 'utf8')).toContain('offsite target "Office NAS": 2 scheduled copies missed while the Director was down; catching up once');
    expect(JSON.parse(readFileSync(join(configDir, 'offsite-schedule-state.json'), 'utf8'))).toEqual({ watermark: '2026-12-01T03:30:00.000Z' });
  }, 300_000);
});
