import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EventEmitter } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, type ServerMessage } from '../../../shared/contract.js';
import type { Identity } from '../../../shared/roles.js';
import type { Authenticator } from '../../director/accounts/authenticator.js';
import type { Director } from '../../director/director.js';
import { bearerOf } from './api-routes.js';

export interface WsAdapterOptions {
  director: Director;
  auth: Authenticator;
  /** Origins allowed to connect besides the page's own (same host); a request with no Origin (CLI) is allowed. */
  allowedOrigins: () => string[];
  /** How often an idle connection's credential is checked again (so a lost right also stops its events). */
  recheckMs?: number;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\r\n`);
  socket.destroy();
}

/** The credential a connection presents: `?token=` (config directory), `?session=` (browser), or `Authorization: Bearer`. */
export function credentialOf(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? '/', 'http://x');
  return bearerOf(req) ?? url.searchParams.get('session') ?? url.searchParams.get('token');
}

/** Why a WebSocket upgrade must be refused before looking at its credential, or null. */
export function upgradeProblem(req: IncomingMessage, allowedOrigins: string[]): { status: number; reason: string } | null {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/api') return { status: 404, reason: 'Not Found' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin) && !sameHost(origin, req.headers.host)) return { status: 403, reason: 'Forbidden origin' };
  return null;
}

const sameHost = (origin: string, host: string | undefined) => {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
};

/** Carries the contract over WebSocket: one JSON message per request, result or event; one session per connection. */
export function attachWsAdapter(server: EventEmitter, opts: WsAdapterOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const logger = opts.director.services.logger;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    const problem = upgradeProblem(req, opts.allowedOrigins());
    if (problem) {
      logger.warn(`refused a console connection from ${address}: ${problem.reason}`);
      refuse(socket, problem.status, problem.reason);
      return;
    }
    const credential = credentialOf(req);
    void (credential ? opts.auth.identify(credential, address) : Promise.resolve(null)).then(
      (identity) => {
        if (!identity) {
          logger.warn(`refused a console connection from ${address}: ${credential ? 'unknown or expired credential' : 'not signed in'}`);
          refuse(socket, 401, 'Unauthorized');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, opts, identity, credential!, address));
      },
      (err: unknown) => {
        logger.error(`checking a console connection from ${address}: ${String(err)}`);
        refuse(socket, 500, 'Internal Server Error');
      },
    );
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

// One event reaches every console: serialize each payload object once, not once per connection.
const serialized = new WeakMap<object, string>();
function eventText(name: string, payload: unknown): string {
  if (payload === null || typeof payload !== 'object') return JSON.stringify({ type: 'event', name, payload });
  let text = serialized.get(payload);
  if (text === undefined) {
    text = JSON.stringify({ type: 'event', name, payload });
    serialized.set(payload, text);
  }
  return text;
}

/** Close code when a signed-in session expired: the console shows its sign-in page again. */
export const SESSION_EXPIRED = 4401;

function serveClient(ws: WebSocket, opts: WsAdapterOptions, identity: Identity, credential: string, peer: string): void {
  const logger = opts.director.services.logger;
  const send = (msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const session = opts.director.openSession({
    identity,
    peer,
    send: (name, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(eventText(name, payload));
    },
  });
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
    const { id, name, input } = msg.data;
    void stillSignedIn(true, id).then(async (ok) => {
      if (ok) send({ type: 'result', id, result: await session.invoke(name, input) });
    });
  });
  /** The account as it is now: removed, session expired, token revoked or role changed ends this connection. */
  const stillSignedIn = (use: boolean, id = -1): Promise<boolean> =>
    opts.auth.current(credential, use).then(
      (now) => {
        if (now && now.role === identity.role) return true;
        if (ws.readyState !== ws.OPEN) return false;
        const why = now ? `your role is now ${now.role}` : 'your session expired or your account or token was removed';
        logger.info(`signed out ${identity.name} from ${peer}: ${why}`);
        if (id >= 0) send({ type: 'result', id, result: { ok: false, error: { code: 'UNAUTHORIZED', message: `Signed out: ${why}. Sign in again.` } } });
        session.close();
        ws.close(SESSION_EXPIRED, 'session ended');
        return false;
      },
      (err: unknown) => {
        logger.error(`checking the credential of ${identity.name} from ${peer}: ${String(err)}`);
        if (id >= 0) send({ type: 'result', id, result: { ok: false, error: { code: 'INTERNAL', message: 'The Director could not check your sign-in; try again.' } } });
        return false;
      },
    );
  const recheck = setInterval(() => void stillSignedIn(false), opts.recheckMs ?? 15_000);
  recheck.unref();
  ws.on('close', () => clearInterval(recheck));
  ws.on('close', () => session.close());
  ws.on('error', () => ws.terminate());
}
