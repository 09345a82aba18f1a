import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountStore } from './account-store.js';

// Counts the real scrypt checks: a wrong name must cost what a wrong password costs
// (the time of an answer must not tell an attacker which account names exist).
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('./password-hash.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./password-hash.js')>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      checks.count++;
      return real.verifyPassword(password, stored);
    },
  };
});

let cfg: string;
beforeEach(async () => {
  cfg = await mkdtemp(join(tmpdir(), 'hb-accounts-'));
  checks.count = 0;
});
afterEach(() => rm(cfg, { recursive: true, force: true }));

describe('checking a password', () => {
  it('runs the same scrypt check for an unknown name, a token-only account and a wrong password', async () => {
    const store = new AccountStore(cfg, undefined, { N: 1024, r: 8, p: 1 });
    await store.add('bob', 'user', 'bobs long password');
    await store.add('script', 'user', null);
    expect(await store.checkPassword('bob', 'wrong password')).toBeNull();
    expect(await store.checkPassword('nobody', 'wrong password')).toBeNull();
    expect(await store.checkPassword('script', 'wrong password')).toBeNull();
    expect(checks.count).toBe(3);
    expect(await store.checkPassword('bob', 'bobs long password')).toMatchObject({ name: 'bob', role: 'user' });
  });
});
