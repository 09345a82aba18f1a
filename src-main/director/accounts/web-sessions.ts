import { randomBytes } from 'node:crypto';
import type { Identity } from '../../../shared/roles.js';

/** A signed-in session lasts a working day at most, and ends after two idle hours. */
export const SESSION_MAX_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;

interface Entry {
  identity: Identity;
  createdAt: number;
  lastUsed: number;
}

/** Sessions made by signing in with a password (in memory: a restarted Director asks everyone to sign in again). */
export class WebSessions {
  private readonly sessions = new Map<string, Entry>();
  constructor(private readonly clock: () => Date = () => new Date()) {}

  create(identity: Identity): { token: string; expiresAt: string } {
    const now = this.clock().getTime();
    const token = `hbs_${randomBytes(32).toString('base64url')}`;
    this.sessions.set(token, { identity, createdAt: now, lastUsed: now });
    return { token, expiresAt: new Date(now + SESSION_MAX_MS).toISOString() };
  }

  /** The session's account while it is valid (and marks it used, unless `touch` is false), else null. */
  check(token: string, touch = true): Identity | null {
    const e = this.sessions.get(token);
    if (!e) return null;
    const now = this.clock().getTime();
    if (now - e.createdAt > SESSION_MAX_MS || now - e.lastUsed > SESSION_IDLE_MS) {
      this.sessions.delete(token);
      return null;
    }
    if (touch) e.lastUsed = now;
    return e.identity;
  }

  end(token: string): void {
    this.sessions.delete(token);
  }
}
