import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokensEqual } from './token.js';

export const ACCESS_CHECK_PATH = '/api/access';

/**
 * `GET /api/access` with `Authorization: Bearer <key>`: 204 when the access key is right, 401 when not.
 * A browser cannot read why a WebSocket upgrade failed, so the web console asks here to tell
 * "wrong access key" from "Director unreachable". It reveals nothing the upgrade does not.
 */
export function answerAccessCheck(req: IncomingMessage, res: ServerResponse, token: string): boolean {
  if (new URL(req.url ?? '/', 'http://x').pathname !== ACCESS_CHECK_PATH) return false;
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  res.writeHead(tokensEqual(m?.[1], token) ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
  return true;
}
