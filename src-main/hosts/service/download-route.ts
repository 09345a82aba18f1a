import type { IncomingMessage, ServerResponse } from 'node:http';
import { DownloadTicketInput } from '../../../shared/browse.js';
import { HotBackupError } from '../../../shared/result.js';
import { roleAllows, type Identity } from '../../../shared/roles.js';
import type { Authenticator } from '../../director/accounts/authenticator.js';
import { minimumRole } from '../../director/access/request-roles.js';
import type { DirectorServices } from '../../director/services.js';
import { readBackupFile } from '../../engine/index.js';
import { shownName } from '../../../shared/shown-name.js';

export const DOWNLOAD_PATH = '/api/download';

/** A name safe in a Content-Disposition header: the last path part, no quotes, slashes or control characters. */
export function contentDisposition(path: string): string {
  const name = [...(path.slice(path.lastIndexOf('/') + 1) || 'download')].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '"' || c === '\\' ? '_' : c)).join('');
  const ascii = name.replace(/[^\u0020-\u007e]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(message);
}

const statusOf = (code: string) => (code === 'NOT_FOUND' ? 404 : code === 'BAD_INPUT' ? 400 : 500);

export interface DownloadDeps {
  auth: Authenticator;
  services: DirectorServices;
}

/**
 * `GET /api/download/<ticket>` (a one-time address from `vault.downloadTicket`), or
 * `GET /api/download?id=ID&path=ARCHIVE/PATH` with `Authorization: Bearer <key>` (scripts):
 * one file of a stored backup, streamed through readBackupFile as it is read — never held whole.
 * Operator or admin, like the request. Returns false for other paths.
 */
export async function handleDownload(req: IncomingMessage, res: ServerResponse, deps: DownloadDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== DOWNLOAD_PATH && !url.pathname.startsWith(`${DOWNLOAD_PATH}/`)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return true;
  }
  let grant: { id: string; path: string | Buffer; identity: Identity } | null = null;
  const ticket = url.pathname.slice(DOWNLOAD_PATH.length + 1);
  if (ticket) {
    const issued = deps.services.downloads.redeem(ticket);
    if (!issued) return (refuse(res, 410, 'This download address was used already or is older than a minute: press Download again in the console.'), true);
    // The account as it is now: a ticket never keeps a role its account lost since it was issued.
    const identity = await deps.auth.now(issued.identity);
    if (!identity) return (refuse(res, 403, `The account ${issued.identity.name} was removed since this download was offered: sign in with another account.`), true);
    grant = { ...issued, identity };
  } else {
    const key = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const identity = key ? await deps.auth.identify(key, req.socket.remoteAddress ?? 'unknown') : null;
    if (!identity) return (refuse(res, 401, 'Sign in first: send the console\'s access key or a session or API token as "Authorization: Bearer …".'), true);
    const pathBytes = url.searchParams.get('pathBytes') ?? undefined;
    const input = DownloadTicketInput.safeParse({ id: url.searchParams.get('id') ?? '', path: url.searchParams.get('path') ?? (pathBytes ? 'bytes' : ''), pathBytes });
    if (!input.success) return (refuse(res, 400, `Refused: ${input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}.`), true);
    const { id, path, pathBytes: b64 } = input.data;
    grant = { id, path: b64 === undefined ? path : Buffer.from(b64, 'base64'), identity };
  }
  const need = minimumRole['vault.downloadTicket'];
  if (!roleAllows(grant.identity.role, need)) return (refuse(res, 403, `Downloading a file needs the ${need} role; ${grant.identity.name} is a ${grant.identity.role}.`), true);
  const { services } = deps;
  let reader;
  try {
    reader = await readBackupFile(services.settings.get().folder.path, grant.id, grant.path);
  } catch (err) {
    const e = err instanceof HotBackupError ? err : new HotBackupError('IO_ERROR', (err as Error).message);
    refuse(res, statusOf(e.code), e.message);
    return true;
  }
  const shown = typeof grant.path === 'string' ? grant.path : shownName(grant.path);
  services.logger.info(`download of "${shown}" from ${grant.id} by ${grant.identity.name} (${reader.size} bytes)`);
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': reader.size,
    'Content-Disposition': contentDisposition(reader.entry.path),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    await reader.chunks.return(undefined);
    return true;
  }
  const send = async (chunk: Buffer) => {
    if (res.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  try {
    // The last piece is held until the whole file matched its SHA-256: a damaged file never arrives complete.
    let held: Buffer | null = null;
    for await (const chunk of reader.chunks) {
      if (res.destroyed) break;
      if (held) await send(held);
      held = chunk;
    }
    if (held && !res.destroyed) await send(held);
    res.end();
  } catch (err) {
    // Headers are gone: ending the connection early is how the browser learns the download failed.
    services.logger.warn(`download of "${shown}" from ${grant.id} stopped: ${(err as Error).message}`);
    res.destroy();
  }
  return true;
}
