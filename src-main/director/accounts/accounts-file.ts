import { z } from 'zod';
import { AccountName, Role } from '../../../shared/roles.js';

/** accounts.json in the config directory (0600). Versioned: a change bumps it and still reads every earlier version. */
export const ACCOUNTS_FILE = 'accounts.json';
export const ACCOUNTS_VERSION = 1;

export const ApiToken = z.object({
  id: z.string().regex(/^[0-9a-f]{8}$/),
  label: z.string().max(200),
  /** SHA-256 of the secret part (the token is shown once, at creation). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const Account = z.object({
  name: AccountName,
  role: Role,
  /** scrypt hash (see password-hash.ts); null for an account that signs in with API tokens only. */
  passwordHash: z.string().nullable(),
  createdAt: z.string(),
  tokens: z.array(ApiToken),
});
export type Account = z.infer<typeof Account>;

export const AccountsFile = z.object({
  version: z.literal(ACCOUNTS_VERSION),
  accounts: z.array(Account),
});
export type AccountsFile = z.infer<typeof AccountsFile>;

export const emptyAccounts = (): AccountsFile => ({ version: ACCOUNTS_VERSION, accounts: [] });
