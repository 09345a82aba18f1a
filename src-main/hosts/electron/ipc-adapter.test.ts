import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.js';
import { createDirector, type Director } from '../../director/director.js';
import { silentLogger } from '../../base/logger.js';
import { attachIpcAdapter, type ConsoleContents, type MainIpc } from './ipc-adapter.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.js';
import type { SenderInfo } from './trusted-sender.js';

/** Stands in for Electron's ipcMain: keeps the handlers so the test can call them like a renderer would. */
class FakeIpcMain implements MainIpc {
  readonly handlers = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  call(event: SenderInfo, name: unknown, input: unknown): Promise<Result<unknown>> {
    const h = this.handlers.get(INVOKE_CHANNEL);
    if (!h) throw new Error('no handler');
    return Promise.resolve(h(event, name, input)) as Promise<Result<unknown>>;
  }
}

const contents = (id: number) => {
  const sent: unknown[][] = [];
  const wc: ConsoleContents & { sent: unknown[][] } = { id, sent, isDestroyed: () => false, send: (...args) => void sent.push(args) };
  return wc;
};
const fromPage = (id: number, url = 'app://console/index.html', parent: unknown = null): SenderInfo => ({
  sender: { id },
  senderFrame: { url, parent },
});

describe('IPC adapter', () => {
  let dir: string;
  let director: Director;
  let ipc: FakeIpcMain;
  let window: ReturnType<typeof contents>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-ipc-'));
    director = await createDirector({ configDir: dir, logger: silentLogger, lock: false });
    ipc = new FakeIpcMain();
    window = contents(7);
    attachIpcAdapter({
      ipc,
      openSession: director.openSession,
      contents: () => window,
      trustedOrigin: 'app://console',
      logger: silentLogger,
    });
  });
  afterEach(async () => {
    await director.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers our window through the Director', async () => {
    const r = await ipc.call(fromPage(7), 'status.get', {});
    expect(r).toMatchObject({ ok: true, value: { status: 'Inactive' } });
  });

  it.each([
    ['another webContents', fromPage(8)],
    ['a sub-frame of our window', fromPage(7, 'app://console/index.html', { url: 'app://console/' })],
    ['our window after navigating elsewhere', fromPage(7, 'https://evil.example/')],
    ['a file: page in our window', fromPage(7, 'file:///tmp/x.html')],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses %s', async (_name, event) => {
    const r = await ipc.call(event, 'settings.update', { retention: { recent: 9 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(director.services.settings.get().retention.recent).not.toBe(9);
  });

  it('input that fails the schema comes back as {ok:false}, nothing changes', async () => {
    const before = director.services.settings.get().retention;
    const r = await ipc.call(fromPage(7), 'settings.update', { retention: { recent: 0 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect((r as { error: { message: string } }).error.message).toMatch(/retention\.recent/);
    expect(director.services.settings.get().retention).toEqual(before);
  });

  it('an unknown request name is refused as data, not a throw', async () => {
    const r = await ipc.call(fromPage(7), 'fs.readFile', { path: '/etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
  });

  it('forwards Director events to the window', async () => {
    const r = await ipc.call(fromPage(7), 'settings.update', { retention: { recent: 7 } });
    expect(r.ok).toBe(true);
    const changed = window.sent.find((m) => m[0] === EVENT_CHANNEL && m[1] === 'settings.changed');
    expect(changed?.[2]).toMatchObject({ retention: { recent: 7 } });
  });
});
