import { useApp } from '../store/store.js';

export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  if (connection === 'open') return <span className="connection ok">Connected to the Director</span>;
  return (
    <span className="connection down" role="status">
      {connection === 'connecting' ? 'Connecting to the Director…' : 'Director unreachable — retrying…'}
    </span>
  );
}
