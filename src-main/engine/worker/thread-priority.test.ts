import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ownThreadId, POOL_AFTER_SNAPSHOT_NICE, PoolPriority, poolThreadIds } from './thread-priority.js';

const linux = process.platform === 'linux';
/** CPU ticks (user + system) a thread of this process has used. */
const ticks = (tid: number) => {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
};

describe.runIf(linux)('the thread pool priority (Linux)', () => {
  it('finds libuv pool threads of this process, and zlib compresses on them', async () => {
    const tids = await poolThreadIds();
    const mine = readdirSync('/proc/self/task').map(Number);
    expect(tids.length).toBe(Number(process.env.UV_THREADPOOL_SIZE) || 4);
    for (const t of tids) expect(mine).toContain(t);
    expect(tids).not.toContain(ownThreadId());
    const before = tids.map(ticks);
    // 48 MiB of text-like bytes: a few tenths of a second of deflate.
    const data = Buffer.alloc(48 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = 97 + ((i * 7919) % 26) * ((i >> 12) % 3);
    await Promise.all([0, 1, 2, 3].map((k) => promisify(gzip)(data.subarray(k * 12 * 1024 * 1024, (k + 1) * 12 * 1024 * 1024))));
    const used = tids.map(ticks).reduce((n, t, i) => n + t - (before[i] as number), 0);
    expect(used).toBeGreaterThan(0);
  });

  it('lowers every pool thread and gives each its priority back, where it may (privileged); elsewhere changes nothing', async () => {
    const tids = await poolThreadIds();
    const before = tids.map((t) => getPriority(t));
    const pool = new PoolPriority();
    const nice = await pool.lower();
    if (process.geteuid?.() === 0) {
      expect(nice).toBe(POOL_AFTER_SNAPSHOT_NICE);
      for (const t of tids) expect(getPriority(t)).toBe(POOL_AFTER_SNAPSHOT_NICE);
    } else {
      console.log('not root: the pool may not be given its priority back here, so it is left as it is');
      expect(nice).toBeNull();
      expect(tids.map((t) => getPriority(t))).toEqual(before);
    }
    pool.restore();
    expect(tids.map((t) => getPriority(t))).toEqual(before);
    // Once given back, a late lower changes nothing (a run that ended before its snapshot answer came).
    expect(await pool.lower()).toBeNull();
    expect(tids.map((t) => getPriority(t))).toEqual(before);
  });
});
