import { randomBytes } from 'node:crypto';
import type { Identity } from '../../../shared/roles.js';

/** How long a download address works if unused. */
export const TICKET_MS = 60_000;

export interface DownloadGrant {
  id: string;
  /** The archive path as text, or its exact bytes (a name that is not UTF-8, chosen in Browse). */
  path: string | Buffer;
  identity: Identity;
}

/**
 * One-time download addresses. A browser cannot send the console's key with a plain download
 * (a link or a navigation carries no Authorization header), and a key in a URL would stay in
 * the browser's history; so a signed-in console asks for a ticket over its connection (role
 * checked there) and downloads from `/api/download/<ticket>`, which works once, for a minute.
 */
export class DownloadTickets {
  private readonly grants = new Map<string, DownloadGrant & { expires: number }>();

  constructor(private readonly clock: () => Date) {}

  issue(grant: DownloadGrant): { ticket: string; expiresAt: Date } {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expires = this.clock().getTime() + TICKET_MS;
    this.grants.set(ticket, { ...grant, expires });
    return { ticket, expiresAt: new Date(expires) };
  }

  /** The grant, once; null when unknown, used or expired. */
  redeem(ticket: string): DownloadGrant | null {
    const g = this.grants.get(ticket);
    this.grants.delete(ticket);
    if (!g || g.expires < this.clock().getTime()) return null;
    return { id: g.id, path: g.path, identity: g.identity };
  }

  private sweep(): void {
    const now = this.clock().getTime();
    for (const [t, g] of this.grants) if (g.expires < now) this.grants.delete(t);
  }
}
