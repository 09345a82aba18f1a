import { useEffect, useState } from 'react';

/** A short result line under a form: announced at once when it is an error, politely otherwise. */
export type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** How long a "Saved …" line stays when nothing else clears it first (the next edit does). */
export const OK_NOTICE_MS = 10_000;

/** A notice whose 'ok' lines ("Saved …") clear after OK_NOTICE_MS; errors stay until the next edit. */
export function useNotice(): [Notice, (n: Notice) => void] {
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => {
    if (notice?.kind !== 'ok') return;
    const t = setTimeout(() => setNotice(null), OK_NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);
  return [notice, setNotice];
}

export function NoticeText({ notice, as: Tag = 'span' }: { notice: Notice; as?: 'span' | 'p' }) {
  if (!notice) return null;
  return (
    <Tag role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
      {notice.text}
    </Tag>
  );
}
