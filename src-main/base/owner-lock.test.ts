import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireOwnerLock, holderAlive, LockHeldError, type LockHolder } from './owner-lock.js';
import { currentBootId, parseProcStat, probeProcess } from './process-identity.js';

let dir = '';
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-owner-lock-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const holder = (over: Partial<LockHolder> = {}): LockHolder => ({
  pid: 4242, host: 'pc1', bootId: 'boot-a', startTicks: '1000', since: '2026-11-30T10:00:00.000Z', holder: 'cli', purpose: 'hotbackup backup', url: null, ...over,
});
const here = { host: 'pc1', bootId: 'boot-a', pid: 1 };
const running = { state: 'S', startTicks: '1000', startedAtMs: Date.parse('2026-11-30T09:59:59.000Z') };

describe('holderAlive', () => {
  it.each([
    ['the holder itself, running', holder(), running, true],
    ['its pid is gone', holder(), null, false],
    ['a zombie (killed, not reaped)', holder(), { ...running, state: 'Z' }, false],
    ['its pid now belongs to another program', holder(), { ...running, startTicks: '98765' }, false],
    ['written before a reboot', holder({ bootId: 'boot-old' }), running, false],
    ['another host (cannot be checked)', holder({ host: 'pc2' }), null, true],
    ['an old lock without start time, its pid started after it', holder({ startTicks: null, bootId: null, since: '2020-01-01T00:00:00.000Z' }), running, false],
    ['an old lock without start time, its pid started before it', holder({ startTicks: null, bootId: null }), running, true],
  ])('%s', (_name, h, probe, alive) => {
    expect(holderAlive(h, here, probe)).toBe(alive);
  });
});

describe('parseProcStat', () => {
  it('reads state and start time after a command name with spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'Z';
    expect(parseProcStat(`77 (my (odd) prog) ${fields.join(' ')}`)).toEqual({ state: 'Z', startTicks: '22' });
  });
});

/** A live process that is not HotBackup: what a stale lock's pid points at after a reboot. */
function unrelatedProcess(): number {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}

/** A zombie: `sleep 0` started by a shell that then becomes `sleep 60`, which never reaps it. */
async function zombie(): Promise<number> {
  const c = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(c);
  const pid = Number(await new Promise<string>((r) => c.stdout!.once('data', (d: Buffer) => r(d.toString()))));
  while ((await probeProcess(pid))?.state !== 'Z') await new Promise((r) => setTimeout(r, 10));
  return pid;
}

async function writeLockOf(pid: number, startTicks: string | null): Promise<string> {
  const file = join(dir, 'x.lock');
  await writeFile(file, JSON.stringify({ format: 1, pid, host: hostname(), bootId: await currentBootId(), startTicks, since: new Date().toISOString(), holder: 'director', purpose: 'Director', url: null }));
  return file;
}

describe('acquireOwnerLock on Linux', () => {
  it('takes over a lock whose pid now belongs to a live unrelated program', async () => {
    const file = await writeLockOf(unrelatedProcess(), '1');
    const lock = await acquireOwnerLock(file, { holder: 'cli', purpose: 'hotbackup list' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, holder: 'cli', purpose: 'hotbackup list' });
    await lock.release();
  });

  it('takes over a lock of a zombie', async () => {
    const pid = await zombie();
    const file = await writeLockOf(pid, (await probeProcess(pid))!.startTicks);
    const lock = await acquireOwnerLock(file, { holder: 'director', purpose: 'Director' });
    expect(lock.info.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over an old-format lock (no start time) naming a live program started after it', async () => {
    const file = join(dir, 'director.lock');
    await writeFile(file, JSON.stringify({ pid: unrelatedProcess(), startedAt: '2020-01-01T00:00:00.000Z', url: null }));
    const lock = await acquireOwnerLock(file, { holder: 'director', purpose: 'Director' });
    await lock.release();
  });

  it('refuses while the real holder runs, naming what it is', async () => {
    const pid = unrelatedProcess();
    const file = await writeLockOf(pid, (await probeProcess(pid))!.startTicks);
    const err = await acquireOwnerLock(file, { holder: 'cli', purpose: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toMatchObject({ pid, holder: 'director' });
  });
});
