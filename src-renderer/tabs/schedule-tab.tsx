import { useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { ScheduleEntryView } from '../../shared/schedule.js';
import { ConfirmDialog } from '../components/form-dialog.js';
import { getBridge, useApp } from '../store/store.js';
import { ScheduleDialog } from './schedule-dialog.js';
import { describeDays, describeEntry, formatRunTime } from './schedule-form.js';
import { SuspendDialog } from './suspend-dialog.js';
import { TimeZoneForm } from './time-zone-form.js';
import { describeSuspension } from './suspend-form.js';
import { NoticeText, type Notice } from '../components/notice.js';


/** The HotBackup Schedule tab: scheduled HotBackups with their next runs; add, delete, suspend and resume. */
export function ScheduleTab() {
  const view = useApp((s) => s.schedule);
  const loadError = useApp((s) => s.scheduleError);
  const setSchedule = useApp((s) => s.setSchedule);
  const [dialog, setDialog] = useState<'add' | 'suspend' | null>(null);
  const [deleting, setDeleting] = useState<ScheduleEntryView | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  if (!view) return <p role={loadError ? 'alert' : undefined}>{loadError ?? 'Loading the schedule…'}</p>;
  const zone = view.timeZone;
  const suspension = describeSuspension(view.suspendedUntil, zone, new Date());

  /** Run one schedule request; show its new view, or say what failed and that nothing changed. */
  const act = async (call: () => ReturnType<ReturnType<typeof getBridge>['invoke']>, done: string) => {
    setBusy(true);
    const r = await call();
    setBusy(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: `Nothing was changed: ${r.error.message}` });
      return false;
    }
    setSchedule(r.value as typeof view);
    setNotice({ kind: 'ok', text: done });
    return true;
  };
  const bridge = () => getBridge();

  return (
    <section className="panel" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">HotBackup Schedule</h2>
      <p className="hint">
        HotBackups run by themselves at the times below (time zone {zone}). A time missed while the Director was not running is caught up once
        when it starts, if it is less than {view.catchUpHours} hours late.
      </p>
      {suspension ? (
        <div className="suspend-banner" role="status">
          <strong>{suspension}</strong>
          <Button className="button" isDisabled={busy} onPress={() => void act(() => bridge().invoke('schedule.resume', {}), 'The schedule runs again.')}>
            Resume all
          </Button>
        </div>
      ) : (
        <p data-testid="next-run">
          {view.nextRun ? (
            <>
              Next scheduled HotBackup: <strong>{formatRunTime(view.nextRun, zone)}</strong>
            </>
          ) : (
            'No scheduled HotBackup will run.'
          )}
        </p>
      )}
      <div className="actions">
        <Button className="button primary" onPress={() => setDialog('add')}>
          Schedule Recurring HotBackups
        </Button>
        {!suspension && (
          <Button className="button" isDisabled={busy || view.entries.length === 0} onPress={() => setDialog('suspend')}>
            Suspend all…
          </Button>
        )}
        <NoticeText notice={notice} />
      </div>
      <Table aria-label="Scheduled HotBackups" className="data-table">
        <TableHeader>
          <Column isRowHeader>Days</Column>
          <Column>Times</Column>
          <Column>Next runs</Column>
          <Column>State</Column>
          <Column>Actions</Column>
        </TableHeader>
        <TableBody
          items={view.entries}
          renderEmptyState={() => (
            <p className="empty-note">No HotBackups are scheduled yet. Press &ldquo;Schedule Recurring HotBackups&rdquo; to add the first one.</p>
          )}
        >
          {(e) => (
            <Row id={e.id} className={e.suspended ? 'suspended' : ''}>
              <Cell>{describeDays(e.days)}</Cell>
              <Cell>{e.times.join(', ')}</Cell>
              <Cell>
                {e.nextRuns.length === 0 ? (
                  <span className="hint">none while suspended</span>
                ) : (
                  <span data-testid={`next-${e.id}`}>
                    {e.nextRuns.map((r) => (
                      <span key={r} className="next-run">
                        {formatRunTime(r, zone)}
                        <br />
                      </span>
                    ))}
                  </span>
                )}
              </Cell>
              <Cell>{e.suspended ? <span className="tag off">Suspended</span> : <span className="tag on">Active</span>}</Cell>
              <Cell>
                <div className="row-actions">
                  {e.suspended ? (
                    <Button
                      className="button small"
                      aria-label={`Resume ${describeEntry(e)}`}
                      isDisabled={busy}
                      onPress={() => void act(() => bridge().invoke('schedule.resume', { id: e.id }), `Resumed: ${describeEntry(e)}.`)}
                    >
                      Resume
                    </Button>
                  ) : (
                    <Button
                      className="button small"
                      aria-label={`Suspend ${describeEntry(e)}`}
                      isDisabled={busy}
                      onPress={() => void act(() => bridge().invoke('schedule.suspend', { id: e.id }), `Suspended: ${describeEntry(e)}.`)}
                    >
                      Suspend
                    </Button>
                  )}
                  <Button className="button small" aria-label={`Delete ${describeEntry(e)}`} isDisabled={busy} onPress={() => setDeleting(e)}>
                    Delete
                  </Button>
                </div>
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
      {dialog === 'add' && <ScheduleDialog onClose={() => setDialog(null)} />}
      {dialog === 'suspend' && <SuspendDialog timeZone={zone} onClose={() => setDialog(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete Scheduled HotBackup"
          message={`Delete the scheduled HotBackup "${describeEntry(deleting)}"? HotBackups already made are kept.`}
          confirmLabel="Delete"
          busy={busy}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            void act(() => bridge().invoke('schedule.remove', { id: deleting.id }), `Deleted: ${describeEntry(deleting)}.`).then(() => setDeleting(null))
          }
        />
      )}
      <TimeZoneForm resolvedZone={zone} />
    </section>
  );
}
