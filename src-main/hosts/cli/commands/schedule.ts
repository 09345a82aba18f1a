import type { Command } from 'commander';
import type { ScheduleView } from '../../../../shared/schedule.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatSchedule, parseDays } from '../schedule-format.js';
import { withConnection } from '../with-connection.js';

/** `2026-12-01T08:00` or a full ISO time; local time when no offset is given. */
export function parseUntil(text: string): string {
  if (text === 'indefinitely') return text;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) {
    throw new CliError(`--until "${text}" is not a time: use e.g. 2026-12-01T08:00 (local time) or "indefinitely"`, EXIT.BAD_INPUT);
  }
  return d.toISOString();
}

export function registerScheduleCommands(program: Command, globals: () => GlobalOptions): void {
  const schedule = program.command('schedule').description('list or change the backup schedule');
  const show = (view: ScheduleView, json: boolean) =>
    process.stdout.write((json ? JSON.stringify(view, null, 2) : formatSchedule(view)) + '\n');
  const run = (json: boolean | undefined, body: Parameters<typeof withConnection>[2]) => {
    const g = globals();
    return { g, json: Boolean(json), go: () => withConnection(connect, g, body) };
  };

  schedule
    .command('list')
    .description('the schedule entries with their next run times')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const r = run(opts.json, async ({ bridge }) => show(await call(bridge, 'schedule.list', {}), r.json));
      await r.go();
    });

  schedule
    .command('add')
    .description('add an entry: days × times of day')
    .requiredOption('--days <days>', 'weekdays, everyday, or days such as mon,wed,fri')
    .requiredOption('--times <HH:MM,...>', 'times of day, e.g. 12:00,17:00')
    .option('--id <id>', 'a name for the entry (default: generated)')
    .option('--suspended', 'add it suspended')
    .option('--json', 'print JSON')
    .action(async (opts: { days: string; times: string; id?: string; suspended?: boolean; json?: boolean }) => {
      const days = parseDays(opts.days);
      const times = opts.times.split(',').map((t) => t.trim()).filter(Boolean);
      const r = run(opts.json, async ({ bridge }) =>
        show(await call(bridge, 'schedule.add', { days, times, suspended: Boolean(opts.suspended), ...(opts.id ? { id: opts.id } : {}) }), r.json),
      );
      await r.go();
    });

  schedule
    .command('remove <id>')
    .description('remove an entry')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const r = run(opts.json, async ({ bridge }) => show(await call(bridge, 'schedule.remove', { id }), r.json));
      await r.go();
    });

  schedule
    .command('suspend [id]')
    .description('suspend one entry, or (without an id) the whole schedule')
    .option('--until <time>', 'whole schedule only: until this time (e.g. 2026-12-01T08:00), default indefinitely')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { until?: string; json?: boolean }) => {
      if (id && opts.until) throw new CliError('--until applies to the whole schedule: leave out the entry id, or drop --until', EXIT.BAD_INPUT);
      const until = parseUntil(opts.until ?? 'indefinitely');
      const r = run(opts.json, async ({ bridge }) => show(await call(bridge, 'schedule.suspend', id ? { id } : { until }), r.json));
      await r.go();
    });

  schedule
    .command('resume [id]')
    .description('resume one entry, or (without an id) the whole schedule')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { json?: boolean }) => {
      const r = run(opts.json, async ({ bridge }) => show(await call(bridge, 'schedule.resume', id ? { id } : {}), r.json));
      await r.go();
    });
}
