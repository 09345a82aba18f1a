import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadTicket } from '../../../shared/browse.js';
import { AccountStore } from '../../director/accounts/account-store.js';
import { createDirector, type Director } from '../../director/director.js';
import { silentLogger } from '../../base/logger.js';
import { runBackupInThread } from '../../engine/run/run-phases.js';
import { baseOptions, settings, TempDirs } from '../../engine/testing/engine-fixtures.js';
import { contentDisposition } from './download-route.js';
import { startService, type RunningService } from './service.js';
import { connectWs } from '../client/ws-client.js';

// GET /api/download against a real Director and a real gzip backup: bytes equal to the data
// directory's file, role and path checks, one-time tickets.

const temps = new TempDirs();
let director: Director;
let service: RunningService;
let id = '';
let original: Buffer;
let userToken = '';
let operatorToken = '';
let accounts: AccountStore;
const cheap = { N: 1024, r: 8, p: 1 };

beforeAll(async () => {
  const root = temps.make('download');
  const data = join(root, 'Office');
  await mkdir(join(data, 'Clients'), { recursive: true });
  original = randomBytes(3 * 1024 * 1024 + 17);
  await writeFile(join(data, 'Clients', 'scan "1".pdf'), original);
  await writeFile(join(data, 'small.txt'), 'hello');
  const hb = join(root, 'HotBackup');
  const r = await runBackupInThread({ ...baseOptions(hb, [data], { settings: settings({ compression: 'gzip', volumeSize: 1024 * 1024 }) }), memberSize: 65536 });
  expect(r.error).toBeNull();
  id = r.id as string;
  const config = join(root, 'config');
  director = await createDirector({ configDir: config, logger: silentLogger, home: root, schedule: false });
  await director.services.settings.update({ folder: { path: hb } });
  accounts = new AccountStore(config, undefined, cheap);
  await accounts.add('bob', 'user', 'bobs long password');
  await accounts.add('olga', 'operator', 'olgas long password');
  userToken = (await accounts.createToken('bob', 'test')).token;
  operatorToken = (await accounts.createToken('olga', 'test')).token;
  service = await startService({ director, host: '127.0.0.1', port: 0, rendererDir: join(root, 'no-renderer') });
});
afterAll(async () => {
  await service?.close();
  await director?.close();
  temps.cleanup();
});

const get = (path: string, key?: string) => fetch(`http://127.0.0.1:${service.port}${path}`, key ? { headers: { Authorization: `Bearer ${key}` } } : {});
const q = (path: string) => `/api/download?id=${id}&path=${encodeURIComponent(path)}`;

describe('single-file download', () => {
  it('streams the file with its length and a safe name, byte for byte', async () => {
    const res = await get(q('Office/Clients/scan "1".pdf'), operatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(original.length));
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="scan _1_.pdf"; filename*=UTF-8''scan%20_1_.pdf`);
    expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true);
  });

  it('refuses a user, no key, a wrong key', async () => {
    const asUser = await get(q('Office/small.txt'), userToken);
    expect(asUser.status).toBe(403);
    expect(await asUser.text()).toContain('needs the operator role; bob is a user');
    expect((await get(q('Office/small.txt'))).status).toBe(401);
    expect((await get(q('Office/small.txt'), 'x'.repeat(40))).status).toBe(401);
  });

  it('refuses paths that leave the backup, and names what is not a file', async () => {
    for (const path of ['../../../etc/passwd', 'Office/../../etc/passwd', '/etc/passwd', 'Office/./small.txt']) {
      const res = await get(q(path), service.token);
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain('without ".."');
    }
    expect((await get(`/api/download?id=../x&path=Office/small.txt`, service.token)).status).toBe(400);
    expect((await get(q('Office/Clients'), service.token)).status).toBe(400);
    const missing = await get(q('Office/nothing.txt'), service.token);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('holds no "Office/nothing.txt"');
  });

  it('a ticket from the console works once; a user cannot get one', async () => {
    const asOperator = await connectWs(`ws://127.0.0.1:${service.port}/api?token=${encodeURIComponent(operatorToken)}`);
    const asUser = await connectWs(`ws://127.0.0.1:${service.port}/api?token=${encodeURIComponent(userToken)}`);
    try {
      const t = await asOperator.invoke('vault.downloadTicket', { id, path: 'Office/small.txt' });
      expect(t.ok).toBe(true);
      const ticket = (t as { value: DownloadTicket }).value;
      expect(ticket).toMatchObject({ name: 'small.txt', size: 5, url: expect.stringMatching(/^\/api\/download\/[\w-]{32}$/) });
      const first = await get(ticket.url);
      expect(await first.text()).toBe('hello');
      expect((await get(ticket.url)).status).toBe(410);
      const refused = await asUser.invoke('vault.downloadTicket', { id, path: 'Office/small.txt' });
      expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('operator') } });
      const folder = await asOperator.invoke('vault.downloadTicket', { id, path: 'Office/Clients' });
      expect(folder).toMatchObject({ ok: false, error: { message: expect.stringContaining('only files can be downloaded') } });
    } finally {
      asOperator.close();
      asUser.close();
    }
  });

  it('a ticket does not outlive its account\'s role: demoted or removed after Download, the address is refused', async () => {
    await accounts.add('otto', 'operator', 'ottos long password');
    const otto = await connectWs(`ws://127.0.0.1:${service.port}/api?token=${encodeURIComponent((await accounts.createToken('otto', 'test')).token)}`);
    try {
      const first = await otto.invoke('vault.downloadTicket', { id, path: 'Office/small.txt' });
      const second = await otto.invoke('vault.downloadTicket', { id, path: 'Office/small.txt' });
      expect(first.ok && second.ok).toBe(true);
      await accounts.setRole('otto', 'user');
      const demoted = await get((first as { value: DownloadTicket }).value.url);
      expect(demoted.status).toBe(403);
      expect(await demoted.text()).toContain('needs the operator role; otto is a user');
      await accounts.remove('otto');
      const removed = await get((second as { value: DownloadTicket }).value.url);
      expect(removed.status).toBe(403);
      expect(await removed.text()).toContain('otto was removed');
    } finally {
      otto.close();
    }
  });

  it('a damaged file never arrives whole: the connection ends early', async () => {
    const vol = join(director.services.settings.get().folder.path, 'Recent', id, 'BACKUP.002');
    const bytes = await readFile(vol);
    const at = bytes.length >> 1;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    await writeFile(vol, bytes);
    const res = await get(q('Office/Clients/scan "1".pdf'), service.token);
    if (res.status === 200) await expect(res.arrayBuffer()).rejects.toThrow();
    else expect(res.status).toBe(500);
  });
});

it('Content-Disposition keeps only the name, without quotes, slashes or control characters', () => {
  expect(contentDisposition('Office/a\r\nb\\"c.txt')).toBe(`attachment; filename="a__b__c.txt"; filename*=UTF-8''a__b__c.txt`);
  expect(contentDisposition('Office/Résumé.pdf')).toBe(`attachment; filename="R_sum_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf`);
});
