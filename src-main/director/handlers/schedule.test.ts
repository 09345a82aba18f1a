import { localAdmin } from '../../../shared/roles.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext, RequestInput, RequestName } from '../../../shared/contract.js';
import type { ScheduleView } from '../../../shared/schedule.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';

// schedule.* requests against a real Director: they change settings.json, and the
// scheduler re-arms at once (no restart).

let root = '';
let director: Director;
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
const now = new Date('2026-11-20T23:00:00Z'); // Friday 18:00 in New York

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-schedule-'));
  director = await createDirector({ configDir: root, logger: silentLogger, home: root, clock: () => now });
  const r = await director.invoke('settings.update', { schedule: { timeZone: 'America/New_York' } }, ctx);
  expect(r.ok).toBe(true);
});
afterEach(async () => {
  await director.close();
  await rm(root, { recursive: true, force: true });
});

async function ask<K extends RequestName>(name: K, input: RequestInput<K>) {
  return director.invoke(name, input, ctx);
}
async function view<K extends RequestName>(name: K, input: RequestInput<K>): Promise<ScheduleView> {
  const r = await ask(name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ScheduleView;
}

describe('schedule requests', () => {
  it('add shows next run times and cron, saves the settings and arms the job; remove disarms', async () => {
    expect(director.services.scheduler.armedJobs).toBe(0);
    const v = await view('schedule.add', { id: 'wd', days: { kind: 'weekdays' }, times: ['17:00', '12:00'] });
    expect(v.entries[0]).toMatchObject({ id: 'wd', times: ['12:00', '17:00'], cron: ['0 12 * * 1-5', '0 17 * * 1-5'] });
    expect(v.entries[0]!.nextRuns).toEqual(['2026-11-23T17:00:00.000Z', '2026-11-23T22:00:00.000Z', '2026-11-24T17:00:00.000Z']);
    expect(v.nextRun).toBe('2026-11-23T17:00:00.000Z');
    expect(director.services.scheduler.armedJobs).toBe(2);
    const saved = JSON.parse(await readFile(join(root, 'settings.json'), 'utf8'));
    expect(saved.schedule.entries).toEqual([{ id: 'wd', days: { kind: 'weekdays' }, times: ['12:00', '17:00'], suspended: false }]);

    await view('schedule.remove', { id: 'wd' });
    expect(director.services.scheduler.armedJobs).toBe(0);
  });

  it('suspend and resume an entry, or the whole schedule until a time', async () => {
    await view('schedule.add', { id: 'mwf', days: { kind: 'chosen', days: [1, 3, 5] }, times: ['22:00'] });
    const off = await view('schedule.suspend', { id: 'mwf' });
    expect(off.entries[0]).toMatchObject({ suspended: true, nextRuns: [] });
    expect(director.services.scheduler.armedJobs).toBe(0);
    await view('schedule.resume', { id: 'mwf' });
    const until = await view('schedule.suspend', { until: '2026-12-01T00:00:00-05:00' });
    expect(until.suspendedUntil).toBe('2026-12-01T00:00:00-05:00');
    expect(until.nextRun).toBe('2026-12-03T03:00:00.000Z'); // Wednesday 2 December, 22:00 EST
    const back = await view('schedule.resume', {});
    expect(back.suspendedUntil).toBeNull();
    expect(back.nextRun).toBe('2026-11-21T03:00:00.000Z'); // tonight, Friday 22:00 EST
  });

  it('refuses unknown ids, duplicate ids and a suspend end in the past, naming the value', async () => {
    await view('schedule.add', { id: 'a', days: { kind: 'everyDay' }, times: ['01:00'] });
    const dup = await ask('schedule.add', { id: 'a', days: { kind: 'everyDay' }, times: ['02:00'] });
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const missing = await ask('schedule.remove', { id: 'zz' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('"zz"') } });
    const past = await ask('schedule.suspend', { until: '2026-11-01T00:00:00Z' });
    expect(past).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('2026-11-01T00:00:00Z') } });
    const badTime = await ask('schedule.add', { days: { kind: 'everyDay' }, times: ['25:00'] });
    expect(badTime).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('a settings.update of the schedule section re-arms too', async () => {
    const r = await ask('settings.update', {
      schedule: { entries: [{ id: 'x', days: { kind: 'everyDay' }, times: ['03:00', '04:00', '05:00'], suspended: false }] },
    });
    expect(r.ok).toBe(true);
    expect(director.services.scheduler.armedJobs).toBe(3);
  });
});
