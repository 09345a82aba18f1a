import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { connectWs, type WsClient } from './ws-client.js';

// The Node client (CLI, tests, a console joining a headless Director) against a server that
// answers badly: every call ends with words saying why, never waits forever, never throws.
const servers: WebSocketServer[] = [];
const clients: WsClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serverAnswering(answer: (socket: WebSocket, request: { id: number }) => void): Promise<WsClient> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (s) => s.on('message', (d) => answer(s, JSON.parse(String(d)) as { id: number })));
  const client = await connectWs(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/api`);
  clients.push(client);
  return client;
}

describe('WebSocket client against a server that answers badly', () => {
  it('a reply that is not JSON fails the waiting call, naming what came (it waited forever)', async () => {
    const client = await serverAnswering((s) => s.send('<html>Proxy error</html>'));
    const r = await client.invoke('status.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toMatch(/not JSON: <html>Proxy error/);
  });

  it('a binary reply fails the waiting call', async () => {
    const client = await serverAnswering((s) => s.send(Buffer.from([0xff, 0xfe, 0x00])));
    expect(await client.invoke('status.get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('a reply whose id cannot be read fails the waiting call', async () => {
    const client = await serverAnswering((s, m) => s.send(JSON.stringify({ type: 'result', id: String(m.id), result: { ok: true, value: {} } })));
    const r = await client.invoke('status.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).toMatch(/does not follow the contract/);
  });

  it('a reply that breaks the contract fails its call naming the request', async () => {
    const client = await serverAnswering((s, m) => s.send(JSON.stringify({ type: 'result', id: m.id, result: { ok: true, value: { status: 'Exploded' } } })));
    const r = await client.invoke('status.get', {});
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.message).toMatch(/answer to status\.get does not follow the contract/);
  });

  it('a server that closes mid-call or sends a bad frame fails the call as a lost link', async () => {
    for (const answer of [
      (s: WebSocket) => s.close(),
      (s: WebSocket) => s.terminate(),
      (s: WebSocket) => (s as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0x8f, 0x01, 0x00])),
    ]) {
      const client = await serverAnswering(answer);
      expect(await client.invoke('status.get', {})).toEqual({ ok: false, error: { code: 'NO_DIRECTOR', message: 'The connection to the Director was lost.' } });
      await client.closed;
    }
  });

  it('an answer to an id never sent is ignored: the call still gets its own', async () => {
    const client = await serverAnswering((s, m) => {
      s.send(JSON.stringify({ type: 'result', id: m.id + 1000, result: { ok: true, value: {} } }));
      s.send(JSON.stringify({ type: 'result', id: m.id, result: { ok: false, error: { code: 'BAD_INPUT', message: 'no' } } }));
    });
    expect(await client.invoke('status.get', {})).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'no' } });
  });
});
