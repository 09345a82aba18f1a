import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../director/accounts/account-store.js';
import { createDirector, type Director } from '../../director/director.js';
import { silentLogger } from '../../base/logger.js';
import { startService, type RunningService } from '../service/service.js';
import { openConsoleLink } from './director-link.js';
import { certificateDecision, connectToServer, electronFingerprint, loadRememberedServer, normalizeServerAddress, probeServer, SERVER_FILE } from './server-mode.js';

// The desktop console's "Connect to a HotBackup server", driven as the dialog does, against a
// real Director on a network address (TLS only). Electron itself stands aside: its certificate
// check is the pure certificateDecision, its dialog the calls below.

let root: string;
let director: Director;
let service: RunningService;
let pcConfig: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-server-mode-'));
  pcConfig = join(root, 'pc');
  director = await createDirector({ configDir: join(root, 'server'), logger: silentLogger, home: root, schedule: false });
  await new AccountStore(join(root, 'server'), undefined, { N: 1024, r: 8, p: 1 }).add('bob', 'user', 'bobs long password');
  service = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(root, 'none') });
});
afterEach(async () => {
  await service.close();
  await director.close();
  await rm(root, { recursive: true, force: true });
});

describe('Connect to a HotBackup server', () => {
  it.each([
    ['office-server', 'https://office-server:8765'],
    ['office-server:9000', 'https://office-server:9000'],
    ['https://10.0.0.5:8765/', 'https://10.0.0.5:8765'],
  ])('%s → %s', (typed, url) => {
    expect(normalizeServerAddress(typed)).toBe(url);
  });
  it('refuses plain http and an empty address', () => {
    expect(() => normalizeServerAddress('http://office-server:8765')).toThrow(/HTTPS only/);
    expect(() => normalizeServerAddress('  ')).toThrow(/Type the server/);
  });

  it('shows the fingerprint first, then signs in, remembers the server and follows its runs; the embedded Director is never started then', async () => {
    const probed = await probeServer(`127.0.0.1:${service.port}`);
    expect(probed.pin.fingerprint).toBe(service.fingerprint);
    await expect(connectToServer({ configDir: pcConfig, url: probed.url, pin: probed.pin, account: 'bob', password: 'wrong password' })).rejects.toThrow(/Wrong account name or password/);
    expect(await loadRememberedServer(pcConfig)).toBeNull();

    const link = await connectToServer({ configDir: pcConfig, url: probed.url, pin: probed.pin, account: 'bob', password: 'bobs long password' });
    try {
      expect(link).toMatchObject({ mode: 'server', role: 'user', account: 'bob' });
      expect(link.consoleUrl).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${service.port}/#token=hbs_`));
      expect(await loadRememberedServer(pcConfig)).toMatchObject({ url: probed.url, account: 'bob', pin: { fingerprint: service.fingerprint } });
      expect((await stat(join(pcConfig, SERVER_FILE))).mode & 0o777).toBe(0o600);
      expect(await readFile(join(pcConfig, SERVER_FILE), 'utf8')).not.toContain('bobs long password');
      // The tray follows the server's runs through this bridge.
      const seen: string[] = [];
      link.bridge.on('status.changed', (s) => seen.push(s.status));
      director.hub.broadcast('status.changed', { status: 'Saving', phase: 'Streaming Files', run: null, lastRun: null, warnings: [] });
      await expect.poll(() => seen).toEqual(['Saving']);

      // With a server remembered, the console never embeds its own Director on this PC.
      const opened = await openConsoleLink({ configDir: pcConfig, logger: silentLogger, directorLogger: silentLogger });
      expect(opened.mode).toBe('server-sign-in');
      await opened.close();
    } finally {
      await link.close();
    }
  });

  it("the window trusts exactly the pinned certificate on the server's host", async () => {
    const { url, pin } = await probeServer(`127.0.0.1:${service.port}`);
    const ours = electronFingerprint(pin.fingerprint);
    expect(ours).toMatch(/^sha256\/[A-Za-z0-9+/]{43}=$/);
    expect(certificateDecision({ hostname: '127.0.0.1', certificate: { fingerprint: ours } }, { url, pin })).toBe(0);
    expect(certificateDecision({ hostname: '127.0.0.1', certificate: { fingerprint: 'sha256/' + 'A'.repeat(43) + '=' } }, { url, pin })).toBe(-2);
    expect(certificateDecision({ hostname: 'example.org', certificate: { fingerprint: ours } }, { url, pin })).toBe(-3);
  });
});
