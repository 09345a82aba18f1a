/** A short result line under a form: announced at once when it is an error, politely otherwise. */
export type Notice = { kind: 'ok' | 'error'; text: string } | null;

export function NoticeText({ notice, as: Tag = 'span' }: { notice: Notice; as?: 'span' | 'p' }) {
  if (!notice) return null;
  return (
    <Tag role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice ${notice.kind}`}>
      {notice.text}
    </Tag>
  );
}
