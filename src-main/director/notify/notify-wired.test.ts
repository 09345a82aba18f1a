import { localAdmin } from '../../../shared/roles.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../shared/contract.js';
import type { BackupStarted } from '../../../shared/run.js';
import type { NotificationMessage } from '../../../shared/settings.js';
import { createDirector, type Director } from '../director.js';
import { parseMime, startTestSmtp, type TestSmtpServer } from './testing/smtp-fixture.js';
import { readableTime } from './render.js';

// The whole path: a real Director, the real engine (worker thread), the run queue's onRunEnded, a real SMTP server.
const PASSWORD = 'Wired-Pa55word!';
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
let root: string;
let data: string;
let director: Director;
let smtp: TestSmtpServer;
let notified: () => Promise<void>;

const msg = (over: Partial<NotificationMessage>): NotificationMessage => ({
  id: 'x', name: 'x', enabled: true, when: 'always', to: ['admin@example.com'], cc: [], subject: '', body: '', attachLog: false, ...over,
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-notify-wired-'));
  data = join(root, 'data');
  await mkdir(join(data, 'docs'), { recursive: true });
  for (let i = 0; i < 3; i++) await writeFile(join(data, 'docs', `letter-${i}.txt`), `Dear client ${i},\n`.repeat(50));
  smtp = await startTestSmtp({ security: 'none', auth: { user: 'backup', pass: PASSWORD } });
  director = await createDirector({
    configDir: join(root, 'config'), home: root, platform: 'linux', schedule: false,
    notify: { retry: { delaysMs: [1, 1], delay: async () => undefined } },
  });
  // Listeners run in order: one added after ours tells when our e-mails are done.
  let done: () => void = () => undefined;
  director.services.onRunEnded.push(() => done());
  notified = () => new Promise<void>((resolve) => (done = resolve));
  const saved = await director.invoke('settings.update', {
    folder: { path: join(root, 'HotBackup') },
    dataDirectories: [{ path: data, label: '', exclude: [] }],
    email: {
      server: { host: '127.0.0.1', port: smtp.port, security: 'none', username: 'backup', password: PASSWORD, fromAddress: 'hb@example.com', timeoutSeconds: 5 },
      messages: [
        msg({ id: 'f', name: 'Failure', when: 'failure', attachLog: true, subject: '{{result}}: {{id}}', body: '{{phase}}: {{error}} ({{trigger}}, {{user}})' }),
        msg({ id: 's', name: 'Success', when: 'success', attachLog: true, subject: '{{result}}: {{id}} {{files}} files', body: 'in {{folder}}' }),
        msg({ id: 'a', name: 'Always', when: 'always', subject: 'always {{result}}' }),
        msg({ id: 'd', name: 'Disabled', enabled: false, subject: 'disabled {{result}}' }),
      ],
    },
  }, ctx);
  expect(saved).toMatchObject({ ok: true });
});

afterEach(async () => {
  await director.close();
  await smtp.close();
  await rm(root, { recursive: true, force: true });
});

async function backup(): Promise<NonNullable<BackupStarted['outcome']>> {
  const done = notified();
  const r = await director.invoke('backup.start', { user: 'alice', task: 'Month end', wait: true }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  await done;
  return (r.value as BackupStarted).outcome!;
}

const subjects = () => smtp.mails.map((m) => parseMime(m.raw).headers.subject).sort();

describe('e-mail after a real run', () => {
  it('success: the success and always messages go out, with HB.LOG attached; HB.LOG records each send', async () => {
    const run = await backup();
    expect(run.result).toBe('Succeeded');
    expect(subjects()).toEqual([`Succeeded: ${run.id} 3 files`, 'always Succeeded']);
    const success = smtp.mails.map((m) => parseMime(m.raw)).find((m) => m.headers.subject?.startsWith('Succeeded'))!;
    expect(success.text).toBe(`in ${run.backupPath}`);
    expect(success.attachments).toHaveLength(1);
    expect(success.attachments[0]!.content).toMatch(/\|HB_/);
    const hb = await readFile(join(run.backupPath!, 'HB.LOG'), 'utf8');
    expect(hb.match(/\|HB_MAIL_SENT\|/g)).toHaveLength(2);
    expect(director.services.status.get().warnings).toEqual([]);
  });

  it('a failed run sends the failure message with the phase and error filled in', async () => {
    await rm(data, { recursive: true, force: true });
    const run = await backup();
    expect(run.result).toBe('Failed');
    // It failed before its folder existed: no ID, so the e-mail names it by its start time.
    expect(run.id).toBeNull();
    expect(subjects()).toEqual([`Failed: attempt of ${readableTime(run.startedAt)}`, 'always Failed']);
    const failure = smtp.mails.map((m) => parseMime(m.raw)).find((m) => m.headers.subject?.startsWith('Failed'))!;
    expect(failure.text).toContain(`${run.failedPhase}: ${run.error} (On Demand, alice)`);
    expect(run.error).toBeTruthy();
    if (run.backupPath) expect(failure.attachments.map((a) => a.filename)).toEqual([`HB-${run.id}.LOG`]);
    else expect(failure.text).toContain('HB.LOG is not attached');
  });

  it('server down: the run is still Succeeded, HB.LOG records the failure, the status shows a warning; no password anywhere', async () => {
    await smtp.close();
    const run = await backup();
    expect(run.result).toBe('Succeeded');
    const status = director.services.status.get();
    expect(status.lastRun).toMatchObject({ id: run.id, result: 'Succeeded' });
    expect(status.warnings).toEqual([
      expect.stringMatching(new RegExp(`^E-mail "Success" was not sent: Cannot connect to the SMTP server 127\\.0\\.0\\.1:${smtp.port}: connection refused`)),
      expect.stringMatching(/^E-mail "Always" was not sent: Cannot connect/),
    ]);
    const hb = await readFile(join(run.backupPath!, 'HB.LOG'), 'utf8');
    expect(hb).toMatch(/\|HB_MAIL_FAILED\|"Success" to admin@example.com: Cannot connect .*\(after 3 attempts\)\n/);
    const backupLog = await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8');
    expect(backupLog).toMatch(new RegExp(`^${run.id}\\|On Demand\\|[^|]+\\|[^|]+\\|Succeeded\\|`, 'm'));
    const directorLog = await readFile(join(root, 'config', 'logs', 'director.log'), 'utf8');
    expect(directorLog).toContain('not sent: Cannot connect');
    for (const text of [hb, directorLog, await readFile(join(root, 'config', 'settings.json'), 'utf8'), JSON.stringify(status)]) {
      expect(text).not.toContain(PASSWORD);
    }
  });
});
