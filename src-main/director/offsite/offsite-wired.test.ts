import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../../shared/contract.js';
import type { OffsiteStatus } from '../../../shared/offsite.js';
import { localAdmin } from '../../../shared/roles.js';
import type { BackupStarted } from '../../../shared/run.js';
import { createDirector, type Director } from '../director.js';
import { parseMime, startTestSmtp, type TestSmtpServer } from '../notify/testing/smtp-fixture.js';
import { manualTime } from '../retry/testing/manual-time.js';

// Acceptance (issue 19, point 2): a target that is down never fails or delays the local run; the
// alert e-mail and the status name the target. A real Director, the real engine, real rclone, a
// real SMTP server, and an "SFTP server" on 127.0.0.1 that accepts connections and never answers.

const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
let root: string;
let director: Director;
let smtp: TestSmtpServer;
let hung: Server;
const sockets: Socket[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-offsite-wired-'));
  const data = join(root, 'data');
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'letter.txt'), 'Dear client,\n'.repeat(100));
  smtp = await startTestSmtp({ security: 'none' });
  hung = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  const port = (hung.address() as { port: number }).port;
  const time = manualTime('2026-11-30T22:00:00Z');
  director = await createDirector({ configDir: join(root, 'config'), home: root, platform: 'linux', schedule: false, timer: time.timer, notify: { retry: { delaysMs: [1], delay: async () => undefined } } });
  const saved = await director.invoke(
    'settings.update',
    {
      folder: { path: join(root, 'HotBackup') },
      dataDirectories: [{ path: data, label: 'Office', exclude: [] }],
      alerts: { retryCount: 0 },
      email: {
        server: { host: '127.0.0.1', port: smtp.port, security: 'none', fromAddress: 'hb@example.com', timeoutSeconds: 5 },
        messages: [{ id: 'f', name: 'Failure', enabled: true, when: 'always', to: ['admin@example.com'], cc: [], subject: '{{result}} {{id}}', body: 'Offsite:\n{{offsite}}', attachLog: false }],
      },
      offsite: {
        targets: [
          { id: 'hung', label: 'Hung NAS', remote: 'hung:', backend: { type: 'sftp', options: { host: '127.0.0.1', port: String(port), user: 'x' } }, secrets: { pass: 'never-used' } },
          { id: 'usb', label: 'USB disk', remote: join(root, 'usb') },
        ],
      },
    },
    ctx,
  );
  expect(saved).toMatchObject({ ok: true });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise((r) => hung.close(r));
  await director.close();
  await smtp.close();
  await rm(root, { recursive: true, force: true });
});

/** A subject as a mail reader shows it (RFC 2047 Q-encoded words joined). */
const subjectOf = (raw: string) =>
  (parseMime(raw).headers.subject ?? '').replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_m, q: string) =>
    Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );

const offsite = async () => {
  const r = await director.invoke('offsite.status', {}, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as OffsiteStatus;
};
const target = async (id: string) => (await offsite()).targets.find((t) => t.target === id)!;

async function backup() {
  const r = await director.invoke('backup.start', { user: 'alice', task: '', system: '', wait: true }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as BackupStarted).outcome!;
}

describe('offsite copies beside real runs', () => {
  it('a target that never answers holds neither run; the second backup is queued behind the copy; the failure alerts naming the target; the other target gets both', async () => {
    const first = await backup();
    expect(first.result).toBe('Succeeded');
    // The copy to the hung target has started and cannot finish (its server accepts and says nothing)…
    await vi.waitFor(async () => expect((await target('hung')).state).toBe('copying'), { timeout: 60_000 });
    // …and the next backup runs and succeeds all the same, then waits in that target's queue.
    const second = await backup();
    expect(second.result).toBe('Succeeded');
    await vi.waitFor(async () => expect(await target('hung')).toMatchObject({ state: 'copying', backupId: first.id, queued: [second.id] }), { timeout: 30_000 });
    expect(director.services.status.get().lastRun).toMatchObject({ id: second.id, result: 'Succeeded' });
    // The other target's first copy is complete before the hung one fails (the alert lists it), which
    // under load can take longer than the two backups.
    await vi.waitFor(async () => expect((await target('usb')).lastCopy).toMatchObject({ backupId: first.id, ok: true }), { timeout: 60_000 });
    // The server goes away: both copies fail (no retries set) and alert; the local results stay.
    for (const s of sockets.splice(0)) s.destroy();
    hung.close();
    await vi.waitFor(async () => expect((await target('hung')).state).toBe('failed'), { timeout: 120_000 });
    await vi.waitFor(async () => expect((await target('usb')).onTarget).toEqual([first.id, second.id]), { timeout: 60_000 });
    // The first copy fails, then the queued one starts and fails too: the warning names the last one.
    await vi.waitFor(
      () => expect(director.services.status.get().warnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^The offsite copy of backup ${second.id} to "Hung NAS" failed after 1 attempt\\(s\\): offsite target "Hung NAS" \\(hung:\\): `))])),
      { timeout: 120_000 },
    );
    await vi.waitFor(() => expect(smtp.mails.map((m) => subjectOf(m.raw))).toEqual(expect.arrayContaining([expect.stringMatching(/offsite copy to "Hung NAS" failed$/)])), { timeout: 30_000 });
    const alert = parseMime(smtp.mails.find((m) => /Hung NAS/.test(subjectOf(m.raw)))!.raw);
    expect(alert.text).toContain(`The local backup ${first.id} is not affected.`);
    expect(alert.text, alert.text).toMatch(/USB disk: last copy \d{8} complete/);
    // The run's own e-mail and BACKUP.LOG: Succeeded; {{offsite}} said what the targets were doing.
    const runMail = smtp.mails.map((m) => parseMime(m.raw)).find((m) => m.headers.subject === `Succeeded ${second.id}`)!;
    expect(runMail.text).toContain(`Hung NAS: no copy yet (now: copying ${first.id})`);
    const log = await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8');
    expect(log.split('\n').filter((l) => l.includes('|Succeeded|'))).toHaveLength(2);
    const hb = await readFile(join(root, 'HotBackup', 'Recent', first.id!, 'HB.LOG'), 'utf8');
    expect(hb.indexOf('|HB_SUCCEEDED|')).toBeLessThan(hb.indexOf('|HB_OFFSITE_'));
    expect(hb).toMatch(/\|HB_OFFSITE_FAILED\|"Hung NAS": /);
    expect(hb).toMatch(/\|HB_OFFSITE_COMPLETE\|"USB disk": copy complete and checked/);
    expect((await readdir(join(root, 'usb'))).sort()).toEqual([first.id, second.id]);
    // The history keeps every attempt.
    expect((await offsite()).recent.map((r) => [r.target, r.backupId, r.ok]).sort()).toEqual(
      [['hung', first.id, false], ['hung', second.id, false], ['usb', first.id, true], ['usb', second.id, true]].sort(),
    );
  }, 300_000);
});
