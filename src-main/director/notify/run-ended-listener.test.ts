import { localAdmin } from '../../../shared/roles.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../shared/contract.js';
import { createDirector, type Director } from '../director.js';
import { notifyAndWarn } from './run-ended-listener.js';
import { startTestSmtp } from './testing/smtp-fixture.js';

const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
let dir: string;
let director: Director;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-notify-listener-'));
  director = await createDirector({ configDir: join(dir, 'config'), home: dir, platform: 'linux' });
});
afterEach(async () => {
  await director.close();
  await rm(dir, { recursive: true, force: true });
});

// A finished run as the run queue reports it, with its real backup folder and HB.LOG on disk.
async function endedRun() {
  const backupPath = join(dir, 'HotBackup', 'Recent', '26112601');
  await mkdir(backupPath, { recursive: true });
  await writeFile(join(backupPath, 'HB.LOG'), '2026-11-26T10:00:00.000+01:00|HB_START|26112601\n');
  return {
    trigger: 'Scheduled' as const, user: '', task: '',
    result: {
      id: '26112601', result: 'Succeeded' as const, error: null, failedPhase: null, files: 2, bytes: 10,
      startedAt: '2026-11-26T10:00:00.000+01:00', endedAt: '2026-11-26T10:00:03.000+01:00', backupPath, warnings: [],
    },
  };
}

describe('the run-ended listener', () => {
  it('server down: HB.LOG records the failure, the status gets a warning, the last run stays Succeeded', async () => {
    const probe = await startTestSmtp({ security: 'none' });
    const port = probe.port;
    await probe.close();
    const saved = await director.invoke('settings.update', {
      email: {
        server: { host: '127.0.0.1', port, security: 'none', fromAddress: 'hb@example.com', timeoutSeconds: 2 },
        messages: [{ id: 'a', name: 'Every run', enabled: true, when: 'always', to: ['admin@example.com'], cc: [], subject: '{{id}} {{result}}', body: '{{result}}', attachLog: true }],
      },
    }, ctx);
    expect(saved.ok).toBe(true);
    const lastRun = { id: '26112601', result: 'Succeeded' as const, trigger: 'Scheduled' as const, startedAt: 'a', endedAt: 'b', error: null, failedPhase: null, files: 2, bytes: 10 };
    director.services.status.set({ status: 'Complete', phase: 'HotBackup Succeeded', run: null, lastRun, warnings: [] });
    const waits: number[] = [];
    const ended = await endedRun();
    const outcome = await notifyAndWarn(director.services, ended, { retry: { delaysMs: [1, 1], delay: async (ms) => void waits.push(ms) } });

    expect(waits).toEqual([1, 1]);
    expect(outcome.sends).toMatchObject([{ ok: false, attempts: 3 }]);
    const status = director.services.status.get();
    expect(status.lastRun).toEqual(lastRun);
    expect(status.status).toBe('Complete');
    expect(status.warnings).toEqual([expect.stringMatching(new RegExp(`^E-mail "Every run" was not sent: Cannot connect to the SMTP server 127\\.0\\.0\\.1:${port}: connection refused`))]);
    const hb = await readFile(join(ended.result.backupPath, 'HB.LOG'), 'utf8');
    expect(hb).toMatch(/\|HB_MAIL_FAILED\|"Every run" to admin@example.com: Cannot connect .* \(after 3 attempts\)\n$/);
    const directorLog = await readFile(join(dir, 'config', 'logs', 'director.log'), 'utf8');
    expect(directorLog).toMatch(/WARN {2}run 26112601: e-mail "Every run" to admin@example.com not sent: Cannot connect/);
  });

  it('sent: no warning is added', async () => {
    const smtp = await startTestSmtp({ security: 'none' });
    try {
      await director.invoke('settings.update', {
        email: {
          server: { host: '127.0.0.1', port: smtp.port, security: 'none', fromAddress: 'hb@example.com' },
          messages: [{ id: 'a', name: 'OK', enabled: true, when: 'success', to: ['admin@example.com'], cc: [], subject: 'ok', body: 'ok', attachLog: false }],
        },
      }, ctx);
      const outcome = await notifyAndWarn(director.services, await endedRun());
      expect(outcome.warnings).toEqual([]);
      expect(director.services.status.get().warnings).toEqual([]);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});
