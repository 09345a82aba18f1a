import { Notification } from 'electron';
import type { RunEndNotice } from './run-end-notice.js';

// A shown notification must stay referenced, or its click handler is collected with it.
const onScreen = new Set<Notification>();

/** The native "backup finished" notification; clicking it opens the console. */
export function showRunEndNotification(notice: RunEndNotice, icon: string, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: notice.title, body: notice.body, icon, timeoutType: notice.timeoutType, urgency: notice.urgency });
  onScreen.add(n);
  n.on('click', onClick);
  n.on('close', () => onScreen.delete(n));
  n.show();
}
