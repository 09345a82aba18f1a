import { describe, expect, it } from 'vitest';
import { signInDelayMs } from './sign-in-guard.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS, WebSessions } from './web-sessions.js';

const bob = { kind: 'account', name: 'bob', role: 'user' } as const;

describe('signed-in sessions expire', () => {
  it('after two idle hours', () => {
    let now = Date.parse('2026-11-30T08:00:00Z');
    const s = new WebSessions(() => new Date(now));
    const { token } = s.create(bob);
    now += SESSION_IDLE_MS - 1000;
    expect(s.check(token)).toEqual(bob);
    now += SESSION_IDLE_MS + 1000;
    expect(s.check(token)).toBeNull();
    expect(s.check(token)).toBeNull();
  });
  it('after a working day, even when used all along', () => {
    let now = Date.parse('2026-11-30T08:00:00Z');
    const s = new WebSessions(() => new Date(now));
    const { token, expiresAt } = s.create(bob);
    expect(Date.parse(expiresAt) - now).toBe(SESSION_MAX_MS);
    for (let t = 0; t < SESSION_MAX_MS; t += 3600_000) {
      now = Date.parse('2026-11-30T08:00:00Z') + t;
      expect(s.check(token)).toEqual(bob);
    }
    now = Date.parse('2026-11-30T08:00:00Z') + SESSION_MAX_MS + 1;
    expect(s.check(token)).toBeNull();
  });
  it('when signed out', () => {
    const s = new WebSessions();
    const a = s.create(bob).token;
    const b = s.create(bob).token;
    s.end(a);
    expect(s.check(a)).toBeNull();
    expect(s.check(b)).toEqual(bob);
  });
});

describe('signInDelayMs', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1000],
    [6, 2000],
    [8, 8000],
    [20, 60_000],
  ])('%i wrong passwords in a row → hold the next try %i ms', (failures, ms) => {
    expect(signInDelayMs(failures)).toBe(ms);
  });
});
