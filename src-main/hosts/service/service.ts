import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Director } from '../../director/director.js';
import { packageRoot } from './package-root.js';
import { serveStatic } from './static-files.js';
import { answerAccessCheck } from './access-check.js';
import { loadOrCreateToken } from './token.js';
import { attachWsAdapter } from './ws-adapter.js';

export interface ServiceOptions {
  director: Director;
  host?: string;
  port?: number;
  /** The built renderer (default: dist-renderer/ in the package). */
  rendererDir?: string;
}

export interface RunningService {
  /** http://HOST:PORT/#token=… — what a person opens in a browser. */
  consoleUrl: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The headless Director's front door: the web console and the contract over WebSocket. */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const host = opts.host ?? '127.0.0.1';
  const rendererDir = opts.rendererDir ?? join(packageRoot(), 'dist-renderer');
  const token = await loadOrCreateToken(opts.director.services.configDir);
  const server = createServer((req, res) => {
    if (answerAccessCheck(req, res, token)) return;
    serveStatic(rendererDir, req, res).catch((err: unknown) => {
      opts.director.services.logger.error(`serving ${req.url}: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  let origins: string[] = [];
  const ws = attachWsAdapter(server, { director: opts.director, token, allowedOrigins: () => origins });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  origins = [origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const consoleUrl = `${origin}/#token=${token}`;
  await opts.director.advertise(consoleUrl);
  opts.director.services.logger.info(`web console listening on ${origin}`);
  return {
    consoleUrl,
    origin,
    port,
    token,
    close: async () => {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
