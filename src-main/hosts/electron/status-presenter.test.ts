import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inactiveStatus, type LastRun, type StatusSnapshot } from '../../../shared/status.js';
import { createDirector, type Director } from '../../director/director.js';
import { silentLogger } from '../../base/logger.js';
import { createLocalBridge } from '../client/local-bridge.js';
import type { RunEndNotice } from './run-end-notice.js';
import { presentStatus } from './status-presenter.js';
import type { TaskbarProgress } from './taskbar-progress.js';
import type { TrayModel } from './tray-model.js';

const ended = (id: string, result: LastRun['result']): LastRun => ({
  id,
  result,
  trigger: 'On Demand',
  startedAt: '2026-11-26T10:00:00+01:00',
  endedAt: `2026-11-26T10:0${id.slice(-1)}:00+01:00`,
  error: result === 'Failed' ? 'the HotBackup folder is full' : null,
  failedPhase: result === 'Failed' ? 'Streaming Files' : null,
  files: 3,
  bytes: 300,
});
const saving = (percent: number): StatusSnapshot => ({
  ...inactiveStatus,
  status: 'Saving',
  phase: 'Streaming Files',
  run: {
    id: '26112603',
    trigger: 'On Demand',
    user: 'ann',
    task: '',
    startedAt: '2026-11-26T10:05:00+01:00',
    snapshotTaken: true,
    progress: { percent, bytesDone: 1, bytesTotal: 2, filesDone: 1, filesTotal: 2, currentFile: null, etaSeconds: 3 },
  },
});

describe('presentStatus', () => {
  let dir: string;
  let director: Director;
  const trays: TrayModel[] = [];
  const bars: TaskbarProgress[] = [];
  const notices: RunEndNotice[] = [];
  const sinks = { tray: (m: TrayModel) => trays.push(m), progress: (p: TaskbarProgress) => bars.push(p), notify: (n: RunEndNotice) => notices.push(n) };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-present-'));
    director = await createDirector({ configDir: dir, logger: silentLogger, lock: false });
    trays.length = bars.length = notices.length = 0;
  });
  afterEach(async () => {
    await director.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows a run on the tray and taskbar, and announces its end once', async () => {
    // A run that ended before the console started is history, not news.
    director.services.status.set({ ...inactiveStatus, lastRun: ended('26112601', 'Succeeded') });
    const presenter = await presentStatus(createLocalBridge(director), 'embedded', sinks, silentLogger);
    expect(presenter.current().tooltip).toBe('HotBackup — Inactive');
    expect(notices).toEqual([]);

    director.services.status.set(saving(61.2));
    expect(presenter.current()).toMatchObject({ icon: 'running-2', tooltip: 'HotBackup — Saving: Streaming Files, 61% overall' });
    expect(bars.at(-1)).toEqual({ value: 0.61, mode: 'normal' });

    const failed = { ...inactiveStatus, status: 'Failed' as const, phase: 'HotBackup Failed' as const, lastRun: ended('26112603', 'Failed') };
    director.services.status.set(failed);
    director.services.status.set(failed);
    director.services.status.set({ ...failed, status: 'Inactive', phase: null });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'HotBackup FAILED', timeoutType: 'never' });
    expect(presenter.current().icon).toBe('failed');
    expect(bars.at(-1)).toEqual({ value: -1, mode: 'none' });
    presenter.stop();
  });

  it('mirrors the global schedule suspend in the menu', async () => {
    const bridge = createLocalBridge(director);
    const presenter = await presentStatus(bridge, 'embedded', sinks, silentLogger);
    const suspend = () => presenter.current().items.find((i) => i.kind === 'action' && i.action === 'suspend');
    expect(suspend()).toMatchObject({ checked: false });
    expect(await bridge.invoke('settings.update', { schedule: { suspendedUntil: 'indefinitely' } })).toMatchObject({ ok: true });
    expect(suspend()).toMatchObject({ checked: true });
    presenter.stop();
  });
});
