import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirector, type Director } from '../../director/director.js';
import { silentLogger } from '../../base/logger.js';
import { startService, type RunningService } from './service.js';
import { connectWs } from '../client/ws-client.js';
import { TOKEN_FILE } from './token.js';

let configDir: string;
let director: Director;
let service: RunningService;

beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'hb-service-'));
  director = await createDirector({ configDir, logger: silentLogger, home: configDir });
  service = await startService({ director, host: '127.0.0.1', port: 0, rendererDir: join(configDir, 'no-renderer') });
});
afterEach(async () => {
  await service.close();
  await director.close();
  await rm(configDir, { recursive: true, force: true });
});

/** Try a raw upgrade and report the HTTP status the server answered with (101 = accepted). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('service security', () => {
  const api = (token?: string) => `ws://127.0.0.1:${service.port}/api${token === undefined ? '' : `?token=${token}`}`;

  it('listens on 127.0.0.1 and keeps the token in a 0600 file', async () => {
    expect(service.origin).toBe(`http://127.0.0.1:${service.port}`);
    const st = await stat(join(configDir, TOKEN_FILE));
    expect(st.mode & 0o777).toBe(0o600);
  });

  it('refuses a connection with no token or a wrong token', async () => {
    expect(await upgradeStatus(api())).toBe(401);
    expect(await upgradeStatus(api('0'.repeat(64)))).toBe(401);
    expect(await upgradeStatus(api(service.token))).toBe(101);
  });

  it('tells a console whether its access key is right, without a WebSocket', async () => {
    const check = (key?: string) =>
      fetch(`http://127.0.0.1:${service.port}/api/access`, key === undefined ? {} : { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.status);
    expect(await check()).toBe(401);
    expect(await check('0'.repeat(64))).toBe(401);
    expect(await check(service.token)).toBe(204);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect(await upgradeStatus(api(service.token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(api(service.token), { Origin: service.origin })).toBe(101);
  });

  it('answers malformed requests with ok:false and a code, and the connection stays usable', async () => {
    const ws = new WebSocket(api(service.token));
    await new Promise((r) => ws.once('open', r));
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    const next = async (n: number) => {
      while (replies.length < n) await new Promise((r) => setTimeout(r, 5));
      return replies[n - 1] as { type: string; id: number; result: { ok: boolean; error?: { code: string }; value?: unknown } };
    };
    ws.send('this is not json');
    expect((await next(1)).result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    ws.send(JSON.stringify({ type: 'invoke', id: 7, name: 'no.such.request', input: {} }));
    expect(await next(2)).toMatchObject({ id: 7, result: { ok: false, error: { code: 'UNKNOWN_REQUEST' } } });
    ws.send(JSON.stringify({ type: 'invoke', id: 8, name: 'settings.update', input: { retention: { recent: 'many' } } }));
    const bad = await next(3);
    expect(bad).toMatchObject({ id: 8, result: { ok: false, error: { code: 'BAD_INPUT' } } });
    ws.send(JSON.stringify({ type: 'invoke', id: 9, name: 'status.get', input: {} }));
    expect(await next(4)).toMatchObject({ id: 9, result: { ok: true, value: { status: 'Inactive' } } });
    ws.close();
  });

  it('pushes settings.changed to every connected console', async () => {
    const a = await connectWs(`ws://127.0.0.1:${service.port}/api?token=${service.token}`);
    const b = await connectWs(`ws://127.0.0.1:${service.port}/api?token=${service.token}`);
    const seen = new Promise<number>((resolve) => b.on('settings.changed', (s) => resolve(s.retention.recent)));
    const r = await a.invoke('settings.update', { retention: { recent: 9 } });
    expect(r.ok).toBe(true);
    expect(await seen).toBe(9);
    a.close();
    b.close();
  });
});
