import { Button } from 'react-aria-components';
import { useApp } from '../store/store.js';

/** Shown while no data directory is configured: says so and leads to adding one. */
export function FirstRun() {
  const requestAdd = useApp((s) => s.requestAddDirectory);
  return (
    <div className="first-run" role="region" aria-labelledby="first-run-heading">
      <h3 id="first-run-heading">Nothing to back up yet</h3>
      <p>
        HotBackup copies the folders that hold your office data — databases, client documents, data files — while people keep working in
        them. Tell it which folder to back up first; you can add more later.
      </p>
      <Button className="button primary" onPress={requestAdd}>
        Add a data directory
      </Button>
    </div>
  );
}
