import { Button } from 'react-aria-components';
import { SetupSteps } from '../progress/first-run.js';
import { useApp } from '../store/store.js';

/** After the first data directory: the rest of the setup, in order (schedule, e-mail, back up now). */
export function SetupNext() {
  const active = useApp((s) => s.setupNext && (s.settings?.dataDirectories.length ?? 0) > 0 && !s.status?.lastRun && !s.status?.run);
  const setTab = useApp((s) => s.setTab);
  const finish = useApp((s) => s.finishSetup);
  const hasSchedule = useApp((s) => (s.settings?.schedule.entries.length ?? 0) > 0);
  const hasMail = useApp((s) => (s.settings?.email.messages.length ?? 0) > 0);
  if (!active) return null;
  const current = !hasSchedule ? 3 : !hasMail ? 4 : 5;
  return (
    <section className="first-run setup-next" aria-labelledby="setup-next-heading">
      <h3 id="setup-next-heading">Finish setting up</h3>
      <SetupSteps current={current} />
      <ul className="setup-todo">
        <li>
          {hasSchedule ? '✓ Scheduled backups are set.' : '3. Back up by itself: add the days and times on the Schedule tab.'}{' '}
          {!hasSchedule && (
            <Button className="button small" onPress={() => setTab('schedule')}>
              Open Schedule
            </Button>
          )}
        </li>
        <li>
          {hasMail ? '✓ E-mail messages are set.' : '4. Be told when a backup fails: add a message on the Notification tab.'}{' '}
          {!hasMail && (
            <Button className="button small" onPress={() => setTab('notification')}>
              Open Notification
            </Button>
          )}
        </li>
        <li>5. Make the first backup now with “Back Up Data Files” above, to check that everything works.</li>
      </ul>
      <Button className="button small" onPress={finish}>
        Hide these steps
      </Button>
    </section>
  );
}
