import { describe, expect, it } from 'vitest';
import { HotBackupError } from '../../../shared/result.js';
import { FolderLockedError } from '../vault/folder-lock.js';
import { CancelledError, causeWords, DiskFullError, outOfSpaceMessage, RunError } from '../errors.js';
import { failedResult, runErrorOf } from './run-ending.js';

// One place classifies what stopped a run: by the error's type or code, never by its message.

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: raw system text, write`), { code, ...(path ? { path } : {}) });
const ctx = { hotBackupFolder: '/nonexistent-hb-folder', neededBytes: 64 * 1024 * 1024 };

describe('runErrorOf', () => {
  it.each([
    ['ENOSPC from a write', errno('ENOSPC'), 'disk-full'],
    ['EDQUOT', errno('EDQUOT'), 'disk-full'],
    ["SQLite's SQLITE_FULL (\"database or disk is full\")", Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'disk-full'],
    ["SQLite's I/O error, not on a full drive", Object.assign(new Error('disk I/O error'), { name: 'SqliteError', code: 'SQLITE_IOERR_WRITE' }), 'io'],
    ["SQLite's damaged-database error from a copy step", Object.assign(new Error('database disk image is malformed'), { name: 'SqliteError', code: 'SQLITE_CORRUPT' }), 'io'],
    ['a bad-input HotBackupError', new HotBackupError('BAD_INPUT', 'Data directory "/x" does not exist.'), 'bad-input'],
    ['another errno', errno('EIO', '/data/a.txt'), 'io'],
    ['a plain bug', new TypeError('x is undefined'), 'internal'],
  ])('%s → %s', async (_what, err, kind) => {
    const e = await runErrorOf(err, ctx);
    expect(e.kind).toBe(kind);
    expect(e.message).not.toMatch(/ENOSPC|EDQUOT|EIO|SQLITE_|raw system text|database or disk is full|disk I\/O error|malformed/);
  });

  it('a full drive says the same words wherever it happens: the folder, about N needed, M free on its drive, the fix', async () => {
    const e = await runErrorOf(errno('ENOSPC'), ctx);
    expect(e).toBeInstanceOf(DiskFullError);
    expect(e.message).toBe(outOfSpaceMessage('/nonexistent-hb-folder', 64 * 1024 * 1024, null));
    expect(e.message).toMatch(/^the HotBackup folder \/nonexistent-hb-folder ran out of space: about 64 MB needed, an unknown amount free on its drive .*Free space on that drive/);
    expect(new DiskFullError('/hb', 2 * 1024 ** 3, 5 * 1024 * 1024).message).toMatch(/^the HotBackup folder \/hb ran out of space: about 2\.0 GB needed, 5(\.0)? MB free on its drive/);
  });

  it('an errno names the file and the cause in words', async () => {
    expect((await runErrorOf(errno('EIO', '/data/a.txt'), ctx)).message).toBe(
      '"/data/a.txt" could not be used: the disk reported a read or write error. Check the drive and the account\'s permissions, then run the backup again.',
    );
  });

  it('the folder in use by another process is "busy"', async () => {
    const e = await runErrorOf(new FolderLockedError({ pid: 4242, host: 'srv', bootId: null, startTicks: null, since: new Date().toISOString(), holder: 'process', purpose: 'HotBackup run', url: null }, '/hb'), ctx);
    expect([e.kind, e.code]).toEqual(['busy', 'BUSY']);
  });

  it('a stopped run records why it was stopped: cancelled by whom, or shutdown', async () => {
    const a = new AbortController();
    a.abort(new CancelledError('ann'));
    expect(await runErrorOf(new Error('AbortError'), { ...ctx, signal: a.signal })).toMatchObject({ kind: 'cancelled', message: 'cancelled by ann' });
    const b = new AbortController();
    b.abort('stopped by shutdown');
    expect(await runErrorOf(new Error('AbortError'), { ...ctx, signal: b.signal })).toMatchObject({ kind: 'stopped', message: 'stopped by shutdown' });
  });

  it('failedResult carries the kind, the code and the words', () => {
    const r = failedResult({ failedPhase: 'Initializing', startedAt: 's', endedAt: 'e' }, new RunError('busy', 'BUSY', 'in use'));
    expect(r).toEqual({
      id: null, result: 'Failed', error: 'in use', errorCode: 'BUSY', causeKind: 'busy', failedPhase: 'Initializing',
      files: null, bytes: null, startedAt: 's', endedAt: 'e', backupPath: null, warnings: [], skipped: null,
    });
  });
});

describe('causeWords', () => {
  it('says an errno or SQLite code in words, and keeps our own messages', () => {
    expect(causeWords(errno('EACCES', '/x'))).toBe('permission denied');
    expect(causeWords(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe('another program keeps it locked');
    expect(causeWords(new HotBackupError('BAD_INPUT', 'Backup 26113001 is not in BACKUP.LOG.'))).toBe('Backup 26113001 is not in BACKUP.LOG.');
  });
});
