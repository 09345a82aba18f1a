import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AccountStore } from '../../director/accounts/account-store.js';
import { Authenticator } from '../../director/accounts/authenticator.js';
import type { Director } from '../../director/director.js';
import { handleApiRoute } from './api-routes.js';
import { handleDownload } from './download-route.js';
import { packageRoot } from '../client/package-root.js';
import { tlsOnlyFront } from './plain-http-refusal.js';
import { serveStatic } from './static-files.js';
import { answerAccessCheck } from './access-check.js';
import { loadOrCreateCertificate } from '../client/tls-cert.js';
import { loadOrCreateToken } from './token.js';
import { attachWsAdapter } from './ws-adapter.js';

export interface ServiceOptions {
  director: Director;
  host?: string;
  port?: number;
  /** The built renderer (default: dist-renderer/ in the package). */
  rendererDir?: string;
  /** How a held sign-in waits (tests pass a recorder instead of real waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** How often an idle console connection's account is checked again (default 15 s). */
  recheckMs?: number;
}

export interface RunningService {
  /** http://HOST:PORT/#token=… on loopback; https://HOST:PORT/ on a network address (people sign in). */
  consoleUrl: string;
  origin: string;
  port: number;
  token: string;
  /** True on a network address: HTTPS and WSS only. */
  secure: boolean;
  /** The certificate's SHA-256 fingerprint (null on loopback, which stays plain HTTP). */
  fingerprint: string | null;
  /** base64 SHA-256 of the certificate's public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string | null;
  auth: Authenticator;
  close(): Promise<void>;
}

/** Loopback stays plain HTTP (only this machine can reach it); every other address serves TLS only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The headless Director's front door: the web console, sign-in and the contract over WebSocket. */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const host = opts.host ?? '127.0.0.1';
  const secure = !isLoopback(host);
  const { services } = opts.director;
  const rendererDir = opts.rendererDir ?? join(packageRoot(), 'dist-renderer');
  const token = await loadOrCreateToken(services.configDir);
  const auth = new Authenticator({ accounts: new AccountStore(services.configDir, services.clock), localToken: token, logger: services.logger, clock: services.clock, sleep: opts.sleep });
  const tls = secure ? await loadOrCreateCertificate(services.configDir, host === '0.0.0.0' || host === '::' ? [] : [host]) : null;
  if (tls?.created) services.logger.info(`made a self-signed certificate in ${join(services.configDir, 'tls')}`);

  const app = (req: IncomingMessage, res: ServerResponse) => {
    const isGood = async (key: string) => (await auth.identify(key, req.socket.remoteAddress ?? 'unknown')) !== null;
    answerAccessCheck(req, res, isGood)
      .then((handled) => handled || handleDownload(req, res, { auth, services }))
      .then((handled) => handled || handleApiRoute(req, res, { auth, about: () => ({ secure, fingerprint: tls?.fingerprint ?? null }) }))
      .then((handled) => (handled ? undefined : serveStatic(rendererDir, req, res)))
      .catch((err: unknown) => {
        services.logger.error(`serving ${req.url}: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
  };
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, app) : createServer(app);
  let origins: string[] = [];
  const ws = attachWsAdapter(server, { director: opts.director, auth, allowedOrigins: () => origins, recheckMs: opts.recheckMs });
  let httpsUrl = '';
  const listener: NetServer = tls ? tlsOnlyFront(server as ReturnType<typeof createHttpsServer>, () => httpsUrl) : server;
  // Every open connection (keep-alive included) ends when the service closes.
  const sockets = new Set<Socket>();
  listener.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (listener.address() as AddressInfo).port;
  const anyAddress = host === '0.0.0.0' || host === '::';
  const shownHost = anyAddress ? hostname() : host.includes(':') ? `[${host}]` : host;
  const origin = `${secure ? 'https' : 'http'}://${shownHost}:${port}`;
  httpsUrl = `${origin}/`;
  origins = secure ? [origin] : [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  // Network clients sign in; the token in the URL is for this machine only.
  const consoleUrl = secure ? `${origin}/` : `${origin}/#token=${token}`;
  // The lock file tells local programs (CLI, console) where to connect: loopback, with the token.
  await opts.director.advertise(secure ? `https://${anyAddress ? '127.0.0.1' : shownHost}:${port}/#token=${token}` : consoleUrl);
  services.endpoint.url = secure ? origin : null;
  services.endpoint.fingerprint = tls?.fingerprint ?? null;
  services.logger.info(`web console listening on ${origin}${tls ? ` (TLS only; certificate SHA-256 fingerprint ${tls.fingerprint})` : ''}`);
  return {
    consoleUrl,
    origin,
    port,
    token,
    secure,
    fingerprint: tls?.fingerprint ?? null,
    spki: tls?.spki ?? null,
    auth,
    close: async () => {
      await ws.close();
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
