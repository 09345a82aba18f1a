import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../base/logger.js';
import { AccountStore } from './account-store.js';
import { Authenticator } from './authenticator.js';

// The real Authenticator and accounts file; the sleep only records how long each try is held.

let cfg: string;
let waits: string[];
let auth: Authenticator;
let accounts: AccountStore;
const logger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeEach(async () => {
  cfg = await mkdtemp(join(tmpdir(), 'hb-guard-'));
  waits = [];
  accounts = new AccountStore(cfg, undefined, { N: 1024, r: 8, p: 1 });
  await accounts.add('alice', 'admin', 'correct horse battery');
  await accounts.add('bob', 'user', 'bobs long password');
  auth = new Authenticator({ accounts, localToken: 'f'.repeat(64), logger, sleep: async (ms) => void waits.push(String(ms)) });
});
afterEach(() => rm(cfg, { recursive: true, force: true }));

describe('slowing repeated failed sign-ins', () => {
  it('tries sent at once from one address are held in turn, each longer: parallel connections do not multiply the guesses', async () => {
    for (let i = 0; i < 5; i++) expect(await auth.signIn('bob', `guess ${i}`, '10.0.0.9')).toBeNull();
    expect(waits).toEqual([]);
    const answers = await Promise.all([1, 2, 3, 4].map((i) => auth.signIn('bob', `parallel ${i}`, '10.0.0.9')));
    expect(answers).toEqual([null, null, null, null]);
    expect(waits).toEqual(['1000', '2000', '4000', '8000']);
  });

  it('bad API tokens from one address do not slow the good tokens of scripts elsewhere', async () => {
    const { token } = await accounts.createToken('bob', 'script');
    for (let i = 0; i < 8; i++) expect(await auth.identify(`hbt_0000000${i}_${'x'.repeat(43)}`, '10.0.0.66')).toBeNull();
    waits.length = 0;
    expect(await auth.identify(token, '10.0.0.20')).toMatchObject({ name: 'bob' });
    expect(waits).toEqual([]);
  });
});
