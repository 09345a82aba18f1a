import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CallContext, Handlers } from '../../shared/contract.js';
import { localAdmin } from '../../shared/roles.js';
import { dispatch } from './dispatch.js';
import { silentLogger } from './logger.js';

// A handler that meets an unexpected filesystem error: the client gets its cause in words, never "ENOENT: …".

const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined } as unknown as CallContext;

describe('dispatch: unexpected errors', () => {
  it('an errno error reaches the client as the file and the cause in words', async () => {
    const handlers = { 'history.list': () => readFile('/nonexistent-hb-test/run-history.jsonl', 'utf8') } as unknown as Handlers;
    const r = await dispatch(handlers, 'history.list', {}, ctx, silentLogger);
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error.message;
    expect(message).toContain('/nonexistent-hb-test/run-history.jsonl');
    expect(message).toContain('it no longer exists');
    expect(message).not.toMatch(/\bE[A-Z]{3,}\b/);
  });
});
