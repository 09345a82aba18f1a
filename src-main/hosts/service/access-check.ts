import type { IncomingMessage, ServerResponse } from 'node:http';

export const ACCESS_CHECK_PATH = '/api/access';

/**
 * `GET /api/access` with `Authorization: Bearer <key>`: 204 when the access key (the config
 * directory's token, a signed-in session or an API token) is good, 401 when not.
 * A browser cannot read why a WebSocket upgrade failed, so the web console asks here to tell
 * "wrong access key" or "session expired" from "Director unreachable". It reveals nothing the upgrade does not.
 */
export async function answerAccessCheck(req: IncomingMessage, res: ServerResponse, isGood: (key: string) => Promise<boolean>): Promise<boolean> {
  if (new URL(req.url ?? '/', 'http://x').pathname !== ACCESS_CHECK_PATH) return false;
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const good = m?.[1] ? await isGood(m[1]) : false;
  res.writeHead(good ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
  return true;
}
