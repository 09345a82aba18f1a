import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirector } from '../../director/director.js';
import { LOCK_FILE, readLock } from '../../director/director-lock.js';
import { silentLogger } from '../../base/logger.js';
import { startService } from '../service/service.js';
import { openDirectorLink } from './director-link.js';

describe('openDirectorLink', () => {
  let dir: string;
  const cleanup: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    // The default settings listen on any free port of 127.0.0.1.
    dir = await mkdtemp(join(tmpdir(), 'hb-link-'));
  });
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    await rm(dir, { recursive: true, force: true });
  });

  it('embeds a Director when none owns the folder, and serves its API for the CLI', async () => {
    const link = await openDirectorLink({ configDir: dir, logger: silentLogger, directorLogger: silentLogger });
    cleanup.push(() => link.close());
    expect(link.mode).toBe('embedded');
    const lock = await readLock(dir);
    expect(lock?.pid).toBe(process.pid);
    expect(lock?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(await link.bridge.invoke('status.get', {})).toMatchObject({ ok: true, value: { status: 'Inactive' } });

    // A second console (or the CLI) on the same folder joins this one over WebSocket.
    const second = await openDirectorLink({ configDir: dir, logger: silentLogger, directorLogger: silentLogger });
    cleanup.push(() => second.close());
    expect(second.mode).toBe('remote');
    const seen: unknown[] = [];
    second.bridge.on('settings.changed', (s) => seen.push(s.retention.recent));
    expect(await link.bridge.invoke('settings.update', { retention: { recent: 6 } })).toMatchObject({ ok: true });
    await expect.poll(() => seen).toEqual([6]);
  });

  it('joins a headless Director that owns the folder, and loads its console', async () => {
    const director = await createDirector({ configDir: dir, logger: silentLogger });
    const service = await startService({ director, port: 0 });
    cleanup.push(async () => {
      await service.close();
      await director.close();
    });
    const link = await openDirectorLink({ configDir: dir, logger: silentLogger, directorLogger: silentLogger });
    cleanup.push(() => link.close());
    expect(link).toMatchObject({ mode: 'remote', consoleUrl: service.consoleUrl });
    expect(await link.bridge.invoke('settings.get', {})).toMatchObject({ ok: true, value: { retention: { recent: 4 } } });
  });

  it('joins a headless Director on a network address over https, trusting exactly its certificate from the config directory', async () => {
    const director = await createDirector({ configDir: dir, logger: silentLogger });
    const service = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(dir, 'none') });
    cleanup.push(async () => {
      await service.close();
      await director.close();
    });
    const link = await openDirectorLink({ configDir: dir, logger: silentLogger, directorLogger: silentLogger });
    cleanup.push(() => link.close());
    expect(link.mode).toBe('remote');
    if (link.mode !== 'remote') return;
    expect(link.consoleUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(link.pin?.fingerprint).toBe(service.fingerprint);
    expect(await link.bridge.invoke('about.get', {})).toMatchObject({ ok: true, value: { signedInAs: { kind: 'local', role: 'admin' }, fingerprint: service.fingerprint } });
  });

  it('says who holds the folder when the holder offers no console, after waiting for it', async () => {
    // A live process (ours) holds the lock without a URL, like a CLI command working in-process.
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), url: null }));
    const waits: number[] = [];
    const err = await openDirectorLink({ configDir: dir, logger: silentLogger, directorLogger: silentLogger, delay: async (ms) => void waits.push(ms) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`process ${process.pid}`);
    expect((err as Error).message).toContain(dir);
    expect(waits.length).toBe(5);
  });
});
