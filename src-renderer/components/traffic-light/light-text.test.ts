import { describe, expect, it } from 'vitest';
import { askMessage, colorOfWait, failedMessage, greenMessage, lightTitle, waitingMessage } from './light-text.js';

describe('traffic-light wording', () => {
  it.each([
    ['recommended', 'completed', 'HotBackup Recommended', 'red', /could lose data/, /has completed and been validated/],
    ['suggested', 'started', 'HotBackup Suggested', 'yellow', /not easy to undo/, /as soon as the backup has captured your data/],
    // The reference's third case: "Suggested" with a red light.
    ['suggested', 'completed', 'HotBackup Suggested', 'red', /not easy to undo/, /has completed and been validated/],
  ] as const)('%s + %s → "%s" with a %s light', (level, wait, title, color, why, hold) => {
    expect(lightTitle(level)).toBe(title);
    expect(colorOfWait(wait)).toBe(color);
    const [first, second] = askMessage({ level, wait, task: 'Reindex' });
    expect(first).toMatch(why);
    expect(first).toContain('"Reindex"');
    expect(second).toMatch(hold);
  });

  it('the green message says completed for red and in progress for yellow', () => {
    expect(greenMessage('completed', 'Restore', '26112601')).toBe('HotBackup 26112601 has completed. You may go on with "Restore".');
    expect(greenMessage('started', 'Delete', null)).toMatch(/^The HotBackup is in progress and has captured your data/);
  });

  it('waiting and failure messages carry the run state and the reason', () => {
    expect(waitingMessage('completed', 'Saving', 'Streaming Files')).toBe('Waiting until the HotBackup has completed. Now: Saving — Streaming Files.');
    expect(waitingMessage('started', null, null)).toBe('Waiting until the HotBackup has captured your data.');
    expect(failedMessage('disk full (in Saving Files)')).toMatch(/did not succeed: disk full \(in Saving Files\)\. Try again/);
  });
});
