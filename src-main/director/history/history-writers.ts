import { hostname } from 'node:os';
import { holderAlive } from '../../base/owner-lock.js';
import { currentBootId, ownIdentity, probeProcess } from '../../base/process-identity.js';
import type { HistoryLine, Writer } from './history-format.js';

/**
 * Which process is running an attempt. Several processes write the run history: the Director, and
 * a CLI run into a one-off folder. An attempt with a `begin` and no `end` is In Progress while the
 * process that wrote it is still running (judged like a lock holder: same host, boot, pid and start
 * time, not a zombie), and Interrupted once it is gone. This process's own attempts are judged by
 * the caller (its run in progress), never by its being alive.
 */
export async function ownWriter(): Promise<Writer> {
  return { pid: process.pid, host: hostname(), ...(await ownIdentity()) };
}

const isMe = (w: Writer, me: Writer) => w.pid === me.pid && w.host === me.host && w.startTicks === me.startTicks;

/** The keys of attempts without an end whose writing process (another one) is still running. */
export async function liveWriterKeys(lines: readonly HistoryLine[]): Promise<Set<string>> {
  const open = new Map<string, { by: Writer; since: string }>();
  for (const l of lines) {
    if (l.type === 'begin' && l.by) open.set(l.key, { by: l.by, since: l.startedAt });
    else if (l.type === 'end') open.delete(l.key);
  }
  const live = new Set<string>();
  if (open.size === 0) return live;
  const me = await ownWriter();
  const here = { host: me.host, bootId: await currentBootId(), pid: me.pid };
  for (const [key, { by, since }] of open) {
    if (isMe(by, me)) continue;
    const holder = { ...by, since, holder: 'process' as const, purpose: 'backup run', url: null };
    if (holderAlive(holder, here, await probeProcess(by.pid))) live.add(key);
  }
  return live;
}
