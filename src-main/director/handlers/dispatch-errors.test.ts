import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CallContext, Handlers } from '../../../shared/contract.js';
import { localAdmin } from '../../../shared/roles.js';
import { dispatch } from './dispatch.js';
import { silentLogger } from '../../base/logger.js';

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

describe('dispatch: a user never reads a server path in a refusal either', () => {
  const asUser = { ...ctx, identity: { kind: 'account', name: 'bob', role: 'user' } } as CallContext;
  const failing = (err: unknown) => ({ 'backup.request': () => Promise.reject(err) }) as unknown as Handlers;
  const input = { level: 'recommended', wait: 'completed' };

  it('an error naming a server file reaches a user without the path, an admin with it', async () => {
    const err = () => readFile('/srv/Office Data/run-history.jsonl', 'utf8');
    const handlers = { 'backup.request': err } as unknown as Handlers;
    const user = await dispatch(handlers, 'backup.request', input, asUser, silentLogger);
    const admin = await dispatch(handlers, 'backup.request', input, ctx, silentLogger);
    expect(user.ok ? '' : user.error.message).toContain('"[path]" could not be used');
    expect(user.ok ? '' : user.error.message).not.toMatch(/srv|Office|Data/);
    expect(admin.ok ? '' : admin.error.message).toContain('/srv/Office Data/run-history.jsonl');
  });

  it('so does a HotBackupError', async () => {
    const { HotBackupError } = await import('../../../shared/result.js');
    const r = await dispatch(failing(new HotBackupError('BUSY', 'The HotBackup folder "/srv/Hot Backup" is full.')), 'backup.request', input, asUser, silentLogger);
    expect(r).toEqual({ ok: false, error: { code: 'BUSY', message: 'The HotBackup folder "[path]" is full.' } });
  });
});
