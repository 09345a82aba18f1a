import { inactiveStatus, type StatusSnapshot } from '../../../shared/status.js';
import type { EventHub } from '../event-hub.js';

/** Holds the Director's current status and pushes every change as `status.changed`. */
export class StatusTracker {
  private snapshot: StatusSnapshot = inactiveStatus;

  constructor(private readonly hub: EventHub) {}

  get(): StatusSnapshot {
    return this.snapshot;
  }

  set(next: StatusSnapshot): void {
    this.snapshot = next;
    this.hub.broadcast('status.changed', next);
  }
}
