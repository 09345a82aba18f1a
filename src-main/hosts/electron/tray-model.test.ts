import { describe, expect, it } from 'vitest';
import { phases, statusOfPhase, statuses, type LastRun, type Phase, type StatusSnapshot } from '../../../shared/status.js';
import { TOOLTIP_MAX, lastResultLabel, trayIcons, trayModel, type TrayMenuItem } from './tray-model.js';

const failedRun: LastRun = {
  id: '26112602',
  result: 'Failed',
  trigger: 'Scheduled',
  startedAt: '2026-11-26T10:00:00.000+01:00',
  endedAt: '2026-11-26T10:02:30.000+01:00',
  error: 'E:\\Data\\ledger.db never settled after 5 attempts',
  failedPhase: 'Locking Files',
  files: null,
  bytes: null,
};
const goodRun: LastRun = { ...failedRun, id: '26112601', result: 'Succeeded', error: null, failedPhase: null, files: 12, bytes: 3_400_000 };

function snapshot(phase: Phase | null, percent: number, lastRun: LastRun | null = null): StatusSnapshot {
  const status = phase ? statusOfPhase[phase] : 'Inactive';
  const running = status !== 'Inactive' && status !== 'Complete' && status !== 'Failed';
  return {
    status,
    phase,
    run: running
      ? {
          id: '26112603',
          trigger: 'On Demand',
          user: 'ann',
          task: '',
          startedAt: '2026-11-26T11:00:00.000+01:00',
          snapshotTaken: false,
          progress: { percent, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null },
        }
      : null,
    lastRun,
    warnings: [],
  };
}

const action = (items: TrayMenuItem[], name: string) => items.find((i) => i.kind === 'action' && i.action === name);
const labels = (items: TrayMenuItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));

describe('trayModel: every phase', () => {
  const expected: Record<Phase, { icon: string; tooltip: string }> = {
    Initializing: { icon: 'running-1', tooltip: 'HotBackup — Pending: Initializing, 42% overall' },
    'Launching HotBackup Program': { icon: 'running-1', tooltip: 'HotBackup — Pending: Launching HotBackup Program, 42% overall' },
    'Connecting to HotBackup Program': { icon: 'running-1', tooltip: 'HotBackup — Pending: Connecting to HotBackup Program, 42% overall' },
    'Waiting for Exclusive Tasks to Finish': { icon: 'running-1', tooltip: 'HotBackup — Pending: Waiting for Exclusive Tasks to Finish, 42% overall' },
    'Gathering File Statistics': { icon: 'running-1', tooltip: 'HotBackup — Pending: Gathering File Statistics, 42% overall' },
    'Making Backup Folder': { icon: 'running-1', tooltip: 'HotBackup — Pending: Making Backup Folder, 42% overall' },
    'Writing Backup Script': { icon: 'running-1', tooltip: 'HotBackup — Pending: Writing Backup Script, 42% overall' },
    'Writing Restore Script': { icon: 'running-1', tooltip: 'HotBackup — Pending: Writing Restore Script, 42% overall' },
    'Locking Files': { icon: 'running-1', tooltip: 'HotBackup — Pending: Locking Files, 42% overall' },
    'Saving Files': { icon: 'running-1', tooltip: 'HotBackup — Saving: Saving Files, 42% overall' },
    'Streaming Files': { icon: 'running-1', tooltip: 'HotBackup — Saving: Streaming Files, 42% overall' },
    'Validating Save': { icon: 'running-1', tooltip: 'HotBackup — Validating: Validating Save, 42% overall' },
    'Removing Old Backups': { icon: 'running-1', tooltip: 'HotBackup — Cleanup: Removing Old Backups, 42% overall' },
    'HotBackup Succeeded': { icon: 'succeeded', tooltip: 'HotBackup — Complete: HotBackup Succeeded 100%' },
    'HotBackup Failed': { icon: 'failed', tooltip: 'HotBackup — Failed: HotBackup Failed in Locking Files' },
  };
  it.each(phases.map((p) => [p]))('%s', (phase) => {
    const last = phase === 'HotBackup Failed' ? failedRun : phase === 'HotBackup Succeeded' ? goodRun : null;
    const model = trayModel({ status: snapshot(phase, 42.7, last), schedulesSuspended: false, mode: 'embedded' });
    expect({ icon: model.icon, tooltip: model.tooltip }).toEqual(expected[phase]);
    expect(trayIcons).toContain(model.icon);
    const running = !['Complete', 'Failed'].includes(statusOfPhase[phase]);
    expect(action(model.items, 'backup')).toMatchObject(running ? { enabled: false, label: 'Backing Up… 42%' } : { enabled: true, label: 'Back Up Data Files' });
  });
});

describe('trayModel: every status has an icon and tooltip', () => {
  it.each(statuses.map((s) => [s]))('%s', (status) => {
    const phase = phases.find((p) => statusOfPhase[p] === status) ?? null;
    const model = trayModel({ status: { ...snapshot(phase, 10), status }, schedulesSuspended: false, mode: 'embedded' });
    expect(model.tooltip.startsWith(`HotBackup — ${status}`)).toBe(true);
    expect(model.tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
  });
});

describe('trayModel: progress steps and idle states', () => {
  it.each([
    [0, 'running-0', '0%'],
    [24.9, 'running-0', '24%'],
    [25, 'running-1', '25%'],
    [50, 'running-2', '50%'],
    [74.99, 'running-2', '74%'],
    [75, 'running-3', '75%'],
    [99.6, 'running-3', '99%'],
    [100, 'running-3', '99%'],
  ] as const)('%s %% -> %s', (percent, icon, shown) => {
    const model = trayModel({ status: snapshot('Streaming Files', percent), schedulesSuspended: false, mode: 'embedded' });
    expect(model.icon).toBe(icon);
    expect(model.tooltip).toBe(`HotBackup — Saving: Streaming Files, ${shown} overall`);
  });

  it('while a run is in progress the menu offers Cancel HotBackup…, never when idle', () => {
    const running = trayModel({ status: snapshot('Saving Files', 40), schedulesSuspended: false, mode: 'embedded' });
    expect(labels(running.items).slice(0, 3)).toEqual(['Backing Up… 40%', 'Cancel HotBackup…', 'Open Console']);
    expect(running.items[1]).toEqual({ kind: 'action', action: 'cancel', label: 'Cancel HotBackup…', enabled: true });
    const idle = trayModel({ status: snapshot(null, 0), schedulesSuspended: false, mode: 'embedded' });
    expect(labels(idle.items)).not.toContain('Cancel HotBackup…');
  });

  it('idle with no history', () => {
    const model = trayModel({ status: snapshot(null, 0), schedulesSuspended: false, mode: 'embedded' });
    expect(model).toMatchObject({ icon: 'idle', tooltip: 'HotBackup — Inactive' });
    expect(labels(model.items)).toEqual([
      'Back Up Data Files',
      'Open Console',
      '---',
      'Last backup: none yet',
      'Suspend Schedules',
      '---',
      'Connect to a HotBackup Server…',
      'Quit HotBackup',
    ]);
  });

  it('a failed last backup keeps the failed icon while idle, a later success clears it', () => {
    const failed = trayModel({ status: snapshot(null, 0, failedRun), schedulesSuspended: false, mode: 'embedded' });
    expect(failed.icon).toBe('failed');
    expect(failed.tooltip).toBe('HotBackup — Inactive: the last backup failed (2026-11-26 10:02)');
    expect(failed.items[3]).toEqual({ kind: 'info', label: 'Last backup: FAILED 2026-11-26 10:02 (26112602) — E:\\Data\\ledger.db never settled after 5 attempts' });
    const good = trayModel({ status: snapshot(null, 0, goodRun), schedulesSuspended: false, mode: 'embedded' });
    expect(good.icon).toBe('idle');
    expect(good.items[3]).toEqual({ kind: 'info', label: 'Last backup: succeeded 2026-11-26 10:02 (26112601)' });
  });

  it('suspend is a checkbox mirroring the schedule; quit says what keeps running', () => {
    const model = trayModel({ status: snapshot(null, 0), schedulesSuspended: true, mode: 'remote' });
    expect(action(model.items, 'suspend')).toMatchObject({ checked: true, enabled: true });
    expect(action(model.items, 'quit')).toMatchObject({ label: 'Quit Console (the Director keeps running)' });
  });

  it('clips long tooltips and errors', () => {
    const long: LastRun = { ...failedRun, error: 'x'.repeat(500) };
    expect(lastResultLabel(long).length).toBeLessThan(120);
    expect(lastResultLabel(long).endsWith('…')).toBe(true);
  });
});

describe('trayModel: status warnings', () => {
  const alert = 'No successful HotBackup for 50 hours (the last one was 26112601 at 2026-11-26 10:02:30 +01:00). Check the Vault and the schedule, then run a backup.';

  it('the no-backup alert turns the idle tray red, is the tooltip and a menu line, even after a success', () => {
    const m = trayModel({ status: { ...snapshot(null, 0, goodRun), warnings: [alert] }, schedulesSuspended: false, mode: 'embedded' });
    expect(m.icon).toBe('failed');
    expect(m.tooltip).toBe(`HotBackup — ${alert}`.slice(0, TOOLTIP_MAX - 1) + '…');
    expect(labels(m.items)).toContain(`Warning: ${alert.slice(0, 99)}…`);
  });

  it('another warning is listed but leaves the icon and tooltip alone', () => {
    const mail = 'E-mail "Failure" was not sent: Cannot connect to the SMTP server mail:25: connection refused';
    const m = trayModel({ status: { ...snapshot(null, 0, goodRun), warnings: [mail] }, schedulesSuspended: false, mode: 'embedded' });
    expect(m).toMatchObject({ icon: 'idle', tooltip: 'HotBackup — Inactive' });
    expect(labels(m.items)).toContain(`Warning: ${mail}`);
  });
});

describe('tray of a console signed in to the office server', () => {
  it('follows the server, offers no schedule suspend, and Quit leaves the server backing up', () => {
    const m = trayModel({ status: { status: 'Saving', phase: 'Streaming Files', run: null, lastRun: null, warnings: [] }, schedulesSuspended: false, mode: 'server' });
    const labels = m.items.map((i) => ('label' in i ? i.label : '-'));
    expect(labels).not.toContain('Suspend Schedules');
    expect(labels).not.toContain('Connect to a HotBackup Server…');
    expect(action(m.items, 'disconnect')).toMatchObject({ label: "Disconnect (Use This Computer's Director)…", enabled: true });
    expect(labels.at(-1)).toBe('Quit Console (the server keeps backing up)');
    expect(labels[0]).toMatch(/^Backing Up… \d+%$/);
  });
});
