import { randomBytes } from 'node:crypto';
import type { Handlers } from '../../../shared/contract.js';
import { HotBackupError } from '../../../shared/result.js';
import type { ScheduleSettings, Settings } from '../../../shared/settings.js';
import { toPublicSettings } from '../settings/public-settings.js';
import { scheduleView } from '../schedule/schedule-view.js';
import { effectiveTimeZone } from '../schedule/wake-plan.js';
import type { DirectorServices } from '../services.js';

type ScheduleRequests = 'schedule.list' | 'schedule.add' | 'schedule.remove' | 'schedule.suspend' | 'schedule.resume';

const systemZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const scheduleHandlers = (d: DirectorServices): Pick<Handlers, ScheduleRequests> => {
  const view = (s: Settings) => scheduleView(s.schedule, effectiveTimeZone(s.schedule, systemZone()), d.clock());

  /** Change the schedule section; the Scheduler re-arms on `settings.changed`. */
  const change = async (what: string, fn: (schedule: ScheduleSettings) => ScheduleSettings) => {
    const saved = await d.settings.mutate((s) => ({ ...s, schedule: fn(s.schedule) }));
    d.logger.info(`schedule changed: ${what}`);
    d.hub.broadcast('settings.changed', toPublicSettings(saved));
    return view(saved);
  };

  const entryOrThrow = (schedule: ScheduleSettings, id: string) => {
    const entry = schedule.entries.find((e) => e.id === id);
    if (!entry) {
      const known = schedule.entries.map((e) => e.id).join(', ') || 'none';
      throw new HotBackupError('NOT_FOUND', `No schedule entry "${id}" (entries: ${known}). See "hotbackup schedule list".`);
    }
    return entry;
  };

  return {
    'schedule.list': async () => view(d.settings.get()),

    'schedule.add': async (input) => {
      const current = d.settings.get().schedule;
      const id = input.id ?? `s${randomBytes(3).toString('hex')}`;
      if (current.entries.some((e) => e.id === id)) {
        throw new HotBackupError('CONFLICT', `A schedule entry "${id}" already exists: choose another id or remove it first.`);
      }
      const entry = { id, days: input.days, times: [...new Set(input.times)].sort(), suspended: input.suspended };
      return change(`added ${id}`, (s) => ({ ...s, entries: [...s.entries, entry] }));
    },

    'schedule.remove': async ({ id }) => {
      entryOrThrow(d.settings.get().schedule, id);
      return change(`removed ${id}`, (s) => ({ ...s, entries: s.entries.filter((e) => e.id !== id) }));
    },

    'schedule.suspend': async ({ id, until }) => {
      if (id) {
        entryOrThrow(d.settings.get().schedule, id);
        return change(`suspended ${id}`, (s) => ({ ...s, entries: s.entries.map((e) => (e.id === id ? { ...e, suspended: true } : e)) }));
      }
      if (until !== 'indefinitely' && Date.parse(until) <= d.clock().getTime()) {
        throw new HotBackupError('BAD_INPUT', `Suspend until ${until}: that time has passed. Give a future time, or "indefinitely".`);
      }
      return change(`suspended until ${until}`, (s) => ({ ...s, suspendedUntil: until }));
    },

    'schedule.resume': async ({ id }) => {
      if (id) {
        entryOrThrow(d.settings.get().schedule, id);
        return change(`resumed ${id}`, (s) => ({ ...s, entries: s.entries.map((e) => (e.id === id ? { ...e, suspended: false } : e)) }));
      }
      return change('resumed', (s) => ({ ...s, suspendedUntil: null }));
    },
  };
};
