import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, type ServerMessage } from '../../../shared/contract.js';
import { localAdmin, type Identity } from '../../../shared/roles.js';
import type { Director } from '../../director/director.js';
import { tokensEqual } from './token.js';

export interface WsAdapterOptions {
  director: Director;
  token: string;
  /** Origins allowed to connect (our own console's); a request with no Origin (CLI) is allowed. */
  allowedOrigins: () => string[];
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\r\n`);
  socket.destroy();
}

/** Why a WebSocket upgrade must be refused, or null to accept it. */
export function upgradeProblem(req: IncomingMessage, token: string, allowedOrigins: string[]): { status: number; reason: string } | null {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/api') return { status: 404, reason: 'Not Found' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) return { status: 403, reason: 'Forbidden origin' };
  if (!tokensEqual(url.searchParams.get('token'), token)) return { status: 401, reason: 'Unauthorized' };
  return null;
}

/** Carries the contract over WebSocket: one JSON message per request, result or event. */
export function attachWsAdapter(server: Server, opts: WsAdapterOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const problem = upgradeProblem(req, opts.token, opts.allowedOrigins());
    if (problem) {
      opts.director.services.logger.warn(`refused a console connection from ${req.socket.remoteAddress}: ${problem.reason}`);
      refuse(socket, problem.status, problem.reason);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, opts.director, localAdmin('config directory token'), req.socket.remoteAddress ?? 'unknown'));
  });

  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function serveClient(ws: WebSocket, director: Director, identity: Identity, peer: string): void {
  const send = (msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const session = director.openSession({ identity, peer, send: (name, payload) => send({ type: 'event', name, payload }) });

  ws.on('message', (data) => {
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      send({ type: 'result', id: -1, result: { ok: false, error: { code: 'BAD_INPUT', message: 'Message is not JSON.' } } });
      return;
    }
    const msg = ClientMessage.safeParse(raw);
    if (!msg.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      send({
        type: 'result',
        id,
        result: { ok: false, error: { code: 'BAD_INPUT', message: 'Message must be {type:"invoke", id:number, name:string, input}.' } },
      });
      return;
    }
    void session.invoke(msg.data.name, msg.data.input).then((result) => send({ type: 'result', id: msg.data.id, result }));
  });
  ws.on('close', () => session.close());
  ws.on('error', () => ws.terminate());
}
