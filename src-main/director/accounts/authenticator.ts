import { timingSafeEqual } from 'node:crypto';
import { localAdmin, type Identity } from '../../../shared/roles.js';
import type { Logger } from '../../base/logger.js';
import { AccountStore, isApiToken } from './account-store.js';
import { SignInGuard } from './sign-in-guard.js';
import { WebSessions } from './web-sessions.js';

export interface AuthenticatorOptions {
  accounts: AccountStore;
  /** The config directory's token: whoever can read it is on the server, as admin. */
  localToken: string;
  logger: Logger;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface SignedIn {
  token: string;
  expiresAt: string;
  identity: Identity;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Who a credential belongs to: the local token, a signed-in session, or an account's API token. */
export class Authenticator {
  readonly sessions: WebSessions;
  private readonly guard: SignInGuard;
  constructor(private readonly opts: AuthenticatorOptions) {
    const clock = opts.clock ?? (() => new Date());
    this.sessions = new WebSessions(clock);
    this.guard = new SignInGuard({ clock, logger: opts.logger, sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))) });
  }

  /** Sign in with a password: a session token, or null (after a delay once five tries failed). */
  async signIn(name: string, password: string, address: string): Promise<SignedIn | null> {
    const decided = await this.guard.before(name, address);
    let identity: Identity | null;
    try {
      identity = await this.opts.accounts.checkPassword(name, password);
      if (!identity) this.guard.failed(name, address, 'wrong name or password');
      else this.guard.succeeded(name, address);
    } finally {
      decided();
    }
    if (!identity) return null;
    this.opts.logger.info(`${identity.name} (${identity.role}) signed in from ${address}`);
    return { ...this.sessions.create(identity), identity };
  }

  /** The identity behind a credential presented on a connection, or null. */
  async identify(credential: string, address: string): Promise<Identity | null> {
    if (sameText(credential, this.opts.localToken)) return localAdmin('config directory token');
    if (credential.startsWith('hbs_')) {
      // The account's current role counts, and a removed account's sessions end.
      const session = this.sessions.check(credential);
      return session ? this.opts.accounts.current(session.name) : null;
    }
    if (isApiToken(credential)) {
      // Counted per address only: a token cannot be guessed, and one place's bad tokens must not slow every script.
      const decided = await this.guard.before(null, address);
      try {
        const identity = await this.opts.accounts.checkToken(credential);
        if (!identity) this.guard.failed(null, address, 'unknown or revoked API token');
        else this.guard.succeeded(null, address);
        return identity;
      } finally {
        decided();
      }
    }
    return null;
  }

  /** The identity as it is now: an account's current role, or null once it was removed; local stays local. */
  async now(identity: Identity): Promise<Identity | null> {
    return identity.kind === 'account' ? this.opts.accounts.current(identity.name) : identity;
  }

  /**
   * Who a connection's credential stands for now, checked before each request: null once the
   * session expired, the account was removed or the API token revoked; the current role when
   * an administrator changed it. An open connection never keeps rights its account lost.
   * `use` false: a check of the connection itself, which does not count as activity for the idle limit.
   */
  async current(credential: string, use = true): Promise<Identity | null> {
    if (sameText(credential, this.opts.localToken)) return localAdmin('config directory token');
    if (credential.startsWith('hbs_')) {
      const session = this.sessions.check(credential, use);
      return session ? this.opts.accounts.current(session.name) : null;
    }
    return isApiToken(credential) ? this.opts.accounts.checkToken(credential) : null;
  }
}
