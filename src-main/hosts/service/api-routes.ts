import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Authenticator } from '../../director/accounts/authenticator.js';

const SignInBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict();

export interface ApiRouteDeps {
  auth: Authenticator;
  /** What anyone may see before signing in: whether TLS is on and the certificate's fingerprint. */
  about: () => { secure: boolean; fingerprint: string | null };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit = 8192): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const bearerOf = (req: IncomingMessage): string | null => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;

/**
 * The HTTP side of signing in: `POST /api/login` {name, password} → {token, expiresAt, name, role};
 * `POST /api/logout` with the session as Bearer; `GET /api/about`. Returns false for other paths.
 */
export async function handleApiRoute(req: IncomingMessage, res: ServerResponse, deps: ApiRouteDeps): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/api/about' && req.method === 'GET') {
    json(res, 200, deps.about());
    return true;
  }
  if (path === '/api/login' && req.method === 'POST') {
    const text = await readBody(req);
    let body: z.infer<typeof SignInBody> | null = null;
    try {
      body = SignInBody.parse(JSON.parse(text ?? ''));
    } catch {
      json(res, 400, { error: 'Send {"name": "...", "password": "..."} as JSON.' });
      return true;
    }
    const signedIn = await deps.auth.signIn(body.name, body.password, req.socket.remoteAddress ?? 'unknown');
    if (!signedIn) {
      json(res, 401, { error: 'Wrong account name or password. After five wrong tries each further try is held longer.' });
      return true;
    }
    json(res, 200, { token: signedIn.token, expiresAt: signedIn.expiresAt, name: signedIn.identity.name, role: signedIn.identity.role });
    return true;
  }
  if (path === '/api/logout' && req.method === 'POST') {
    const token = bearerOf(req);
    if (token) deps.auth.sessions.end(token);
    json(res, 200, { signedOut: true });
    return true;
  }
  if (path.startsWith('/api/')) {
    json(res, 404, { error: `No such API path ${path}.` });
    return true;
  }
  return false;
}
