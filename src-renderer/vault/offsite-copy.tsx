import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { NoticeText, type Notice } from '../components/notice.js';
import { getBridge, useApp } from '../store/store.js';

/** The targets' IDs, listed once when the Vault opens so its Offsite column says what each target holds. */
export function useOffsiteListing(): void {
  const ids = useApp((s) => s.settings?.offsite.targets.map((t) => t.id).join('\n') ?? '');
  useEffect(() => {
    if (ids) void useApp.getState().listOffsite(ids.split('\n'));
  }, [ids]);
}

/** "Copy Offsite Now": queue the chosen backup for every enabled offsite target. */
export function CopyOffsiteButton({ id, isDisabled }: { id: string | null; isDisabled: boolean }) {
  const hasTargets = useApp((s) => (s.settings?.offsite.targets.some((t) => t.enabled) ?? false));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  if (!hasTargets) return null;
  const copy = async () => {
    if (!id) return;
    setBusy(true);
    setNotice(null);
    const r = await getBridge().invoke('offsite.copy', { backupId: id });
    setBusy(false);
    if (!r.ok) return setNotice({ kind: 'error', text: `${id} was not queued for copying: ${r.error.message}` });
    const labels = r.value.queued.map((q) => useApp.getState().settings?.offsite.targets.find((t) => t.id === q.target)?.label ?? q.target);
    setNotice({ kind: 'ok', text: labels.length ? `${id} is queued for copying to ${labels.map((l) => `"${l}"`).join(', ')}.` : `${id} is already on every target.` });
  };
  return (
    <>
      <Button className="button" isDisabled={isDisabled || !id || busy} onPress={() => void copy()}>
        {busy ? 'Queuing…' : 'Copy Offsite Now'}
      </Button>
      <NoticeText notice={notice} />
    </>
  );
}

/** Targets whose copies could not be listed. */
export function OffsiteListErrors() {
  const errors = useApp((s) => s.offsiteListErrors);
  const labels = useApp((s) => s.settings?.offsite.targets);
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <ul className="notice error offsite-list-errors" role="alert">
      {entries.map(([id, message]) => (
        <li key={id}>
          The copies on &ldquo;{labels?.find((t) => t.id === id)?.label ?? id}&rdquo; could not be listed: {message}
        </li>
      ))}
    </ul>
  );
}
