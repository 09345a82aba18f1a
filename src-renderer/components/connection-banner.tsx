import type { ConnectionState } from '../bridge/ws-bridge.js';
import { useApp } from '../store/store.js';

/** The small line in the header: connected, or not. */
export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  if (connection === 'open') return <span className="connection ok">Connected to the Director</span>;
  return <span className="connection down">Not connected</span>;
}

const GET_ADDRESS = (
  <p>
    On the computer that runs the HotBackup Director, run <code>hotbackup console-url</code> and open the address it prints (it ends in{' '}
    <code>#token=</code> and a long key). The same address is on the <code>Console:</code> line that <code>hotbackup director</code> printed
    when it started.
  </p>
);

const texts: Record<Exclude<ConnectionState, 'open'>, { title: string; body: React.ReactNode }> = {
  connecting: { title: 'Connecting to the HotBackup Director…', body: <p>Nothing can be changed until the console is connected.</p> },
  closed: {
    title: 'Connection to the HotBackup Director lost — reconnecting…',
    body: (
      <p>
        Nothing can be changed until the console is connected again, and nothing clicked now is done later. If this lasts, check that the
        Director is running (<code>hotbackup status</code> on its computer).
      </p>
    ),
  },
  'no-key': {
    title: 'This address has no access key',
    body: (
      <>
        <p>The web console opens only with the full address the Director gives out, which carries its access key.</p>
        {GET_ADDRESS}
      </>
    ),
  },
  'wrong-key': {
    title: 'The access key in this address is wrong',
    body: (
      <>
        <p>This Director refused the key in the address: it may belong to another computer, or be cut short when it was copied.</p>
        {GET_ADDRESS}
      </>
    ),
  },
};

/** Covers the page while the console is not connected, saying why and what to do. */
export function ConnectionOverlay() {
  const connection = useApp((s) => s.connection);
  if (connection === 'open') return null;
  const t = texts[connection];
  return (
    <div className="connection-overlay" data-testid="connection-overlay">
      <div className={`connection-card ${connection}`} role="alert" aria-labelledby="connection-title">
        <h2 id="connection-title">{t.title}</h2>
        {t.body}
      </div>
    </div>
  );
}
