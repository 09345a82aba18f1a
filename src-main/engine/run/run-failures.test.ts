import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readBackupLog } from '../vault/backup-log.js';
import { baseOptions, settings, TempDirs } from '../testing/engine-fixtures.js';
import { runBackupInThread } from './run-phases.js';
import { runBackup } from '../worker/run-in-worker.js';
import type { RunBackupResult } from './run-types.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

// Rewrites a 2 MiB file in place in a tight loop: it changes during (or moments before) every
// read. Bigger than what is held in memory, so a quiet moment cannot pass a byte comparison, and
// with a 1 s "recent change" window a scheduler pause of the writer cannot make it look settled.
const CHURN = `
const fs = require('node:fs');
const fd = fs.openSync(process.argv[1], 'r+');
const a = Buffer.alloc(2097152, 97), b = Buffer.alloc(2097152, 98);
let i = 0;
process.stdout.write('ready\\n');
for (;;) fs.writeSync(fd, (i++ & 1) ? a : b, 0, 2097152, 0);
`;

describe('a file that changes on every read', () => {
  let churn: ChildProcess | null = null;
  afterEach(() => churn?.kill('SIGKILL'));

  const startChurn = async (file: string) => {
    writeFileSync(file, Buffer.alloc(2097152, 97));
    churn = spawn(process.execPath, ['-e', CHURN, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => churn!.stdout!.once('data', () => resolve()));
  };

  it('fails the run, names the file, and leaves the run in Failed/ with its HB.LOG', async () => {
    const data = temps.make('churn-data');
    const folder = temps.make('churn-folder');
    writeFileSync(join(data, 'calm.txt'), 'calm');
    const file = join(data, 'busy.dat');
    await startChurn(file);

    const r = await runBackup(baseOptions(folder, [data], { settings: settings({ settleAttempts: 3 }), racyWindowMs: 1000 }));

    expect(r.result).toBe('Failed');
    expect(r.failedPhase).toBe('Locking Files');
    expect(r.error).toContain(file);
    expect(r.error).toMatch(/kept changing.*3 attempts/);
    expect(r.backupPath).toBe(join(folder, 'Failed', r.id as string));
    const hb = readFileSync(join(r.backupPath as string, 'HB.LOG'), 'utf8');
    expect(hb).toMatch(/\|HB_VALIDATION_ATTEMPT\|Validation attempt 1, ".*busy\.dat"/);
    expect(hb).toMatch(/\|HB_VALIDATION_ATTEMPT\|Validation attempt 3, /);
    expect(hb).toMatch(/\|HB_FAILED\|Locking Files: File ".*busy\.dat" kept changing/);
    expect(existsSync(join(r.backupPath as string, '.staging'))).toBe(false);
    expect(readdirSync(join(folder, 'Recent'))).toEqual([]);
    const log = await readBackupLog(folder);
    expect(log.records).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ id: r.id, result: 'Failed', folder: 'Failed' });
    expect(log.records[0]?.error).toContain('busy.dat');
  });

  it('is included with a warning when unsettled files are allowed', async () => {
    const data = temps.make('churn2-data');
    const folder = temps.make('churn2-folder');
    await startChurn(join(data, 'busy.dat'));

    const r = await runBackupInThread(baseOptions(folder, [data], { settings: settings({ settleAttempts: 2, includeUnsettled: true }), racyWindowMs: 1000 }));

    expect(r.result).toBe('Succeeded');
    expect(r.warnings.join()).toMatch(/busy\.dat" never settled after 2 attempts/);
    const manifest = JSON.parse(readFileSync(join(r.backupPath as string, 'MANIFEST.json'), 'utf8')) as { entries: { path: string; unsettled?: string }[] };
    expect(manifest.entries.find((e) => e.path.endsWith('busy.dat'))?.unsettled).toBeTruthy();
  });

  it('is included when only its own data directory allows it; the same file elsewhere still fails the run', async () => {
    const data = temps.make('churn3-data');
    const other = temps.make('churn3-other');
    writeFileSync(join(other, 'calm.txt'), 'calm');
    const folder = temps.make('churn3-folder');
    await startChurn(join(data, 'busy.dat'));
    const dirs = (allow: boolean) => [
      { path: other, label: 'Other', exclude: [] },
      { path: data, label: 'Busy', exclude: [], includeUnsettled: allow },
    ];

    const allowed = await runBackupInThread({ ...baseOptions(folder, [], { settings: settings({ settleAttempts: 2 }), racyWindowMs: 1000 }), dataDirectories: dirs(true) });
    expect(allowed.result).toBe('Succeeded');
    expect(allowed.warnings.join()).toMatch(/busy\.dat" never settled after 2 attempts/);

    const refused = await runBackupInThread({ ...baseOptions(folder, [], { settings: settings({ settleAttempts: 2 }), racyWindowMs: 1000 }), dataDirectories: dirs(false) });
    expect(refused.result).toBe('Failed');
    expect(refused.error).toContain('turn on "include files that keep changing" for its data directory');
  });
});

describe('bad input', () => {
  it('a missing data directory fails before any backup folder is made', async () => {
    const folder = temps.make('missing-folder');
    const missing = join(temps.make('missing'), 'not-here');
    const r = await runBackup(baseOptions(folder, [missing]));
    expect(r).toMatchObject({ id: null, result: 'Failed', failedPhase: 'Gathering File Statistics', backupPath: null });
    expect(r.error).toBe(`Data directory "${missing}" does not exist (is its drive connected?). Fix the path in Data Directories or remove it.`);
    expect(r.causeKind).toBe('bad-input');
    expect(readdirSync(join(folder, 'Failed'))).toEqual([]);
  });

  it('a volume size below 1 MiB is refused before the run starts', async () => {
    const folder = temps.make('vol-folder');
    const data = temps.make('vol-data');
    const r = await runBackup(baseOptions(folder, [data], { settings: settings({ volumeSize: 1024 * 1024 - 1 }) }));
    expect(r).toMatchObject({ id: null, result: 'Failed', failedPhase: 'Initializing' });
    expect(r.error).toMatch(/volumeSize must be at least 1048576 bytes \(1 MiB\)/);
  });

  it('an unreadable folder or file inside a data directory is skipped, named in HB.LOG and counted; with failOnUnreadable, or for the data directory itself, the run fails naming it in words', () => {
    const data = temps.make('locked-data');
    const folder = temps.make('locked-folder');
    mkdirSync(join(data, 'private'));
    writeFileSync(join(data, 'private', 'secret.txt'), 'x');
    writeFileSync(join(data, 'payroll.txt'), 'salaries');
    writeFileSync(join(data, 'letter.txt'), 'Dear client');
    chmodSync(join(data, 'private'), 0o000);
    chmodSync(join(data, 'payroll.txt'), 0o000);
    chmodSync(data, 0o755);
    chmodSync(folder, 0o777);
    const closed = temps.make('closed-data');
    chmodSync(closed, 0o000);
    // root reads anything: run the backup as "nobody" so the permission check is real.
    const asNobody = process.getuid?.() === 0;
    const strict = settings({ failOnUnreadable: true });
    const script = `
      import { runBackupInThread } from ${JSON.stringify(new URL('./run-phases.ts', import.meta.url).pathname)};
      const a = await runBackupInThread(${JSON.stringify(baseOptions(folder, [data]))});
      const b = await runBackupInThread(${JSON.stringify(baseOptions(folder, [closed]))});
      const c = await runBackupInThread(${JSON.stringify(baseOptions(folder, [data], { settings: strict }))});
      process.stdout.write(JSON.stringify([a, b, c]));`;
    // A script file, not -e with --input-type=module: that flag would reach the run's hash thread, which is CommonJS.
    const scriptFile = join(temps.make('locked-script'), 'run.mjs');
    writeFileSync(scriptFile, script);
    chmodSync(dirname(scriptFile), 0o755);
    const child = spawnSync(process.execPath, ['--import', 'tsx', scriptFile], {
      encoding: 'utf8',
      cwd: new URL('../../..', import.meta.url).pathname,
      ...(asNobody ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: '/tmp' } } : {}),
    });
    expect(child.stderr).toBe('');
    const [skipped, root, strictRun] = JSON.parse(child.stdout) as RunBackupResult[];
    expect(skipped, skipped!.error ?? '').toMatchObject({ result: 'Succeeded', files: 1, skipped: { vanished: 0, unreadable: 2, special: 0 } });
    expect(skipped!.warnings).toContain('Skipped 2 unreadable: HB.LOG names each one (HB_SKIPPED, HB_FILE_VANISHED).');
    const hb = readFileSync(join(skipped!.backupPath!, 'HB.LOG'), 'utf8');
    expect(hb).toContain(`|HB_SKIPPED|"${join(data, 'private')}": folder cannot be listed (permission denied); its content is not in this backup`);
    expect(hb).toContain(`|HB_SKIPPED|"${join(data, 'payroll.txt')}": cannot be read (permission denied); not in this backup`);
    expect(root).toMatchObject({ result: 'Failed', failedPhase: 'Gathering File Statistics', causeKind: 'io' });
    expect(root?.error).toBe(`Data directory "${closed}" cannot be read (permission denied). Give the account running HotBackup read access to it, or fix the path in Data Directories.`);
    expect(strictRun).toMatchObject({ result: 'Failed', failedPhase: 'Gathering File Statistics', causeKind: 'unreadable' });
    expect(strictRun?.error).toBe(`"${join(data, 'private')}" cannot be read (permission denied). Give the account running HotBackup read access to it, or exclude it in Data Directories.`);
    for (const r of [skipped, root, strictRun]) expect(JSON.stringify(r)).not.toMatch(/EACCES|EPERM/);
  });
});
