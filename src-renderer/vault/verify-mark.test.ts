import { describe, expect, it } from 'vitest';
import type { StoredVerdict, VerifyResult } from '../../shared/vault.js';
import { verdictsById, verifyMark } from './verify-mark.js';

const stored: StoredVerdict = { id: '26112801', at: '2026-11-30T03:00:12+01:00', ok: false, summary: 'BACKUP.002: SHA-256 differs from MANIFEST.json', scheduled: true };
const session: VerifyResult = { id: '26112801', ok: true, volumesChecked: 2, badVolumes: [], entriesExpected: 4, entriesChecked: 4, badEntries: [], problems: [] };

describe('the Vault row\'s verify badge', () => {
  it('shows the kept verdict with its date, and what was found in the tooltip', () => {
    const gb = { locale: 'en-GB', timeZone: 'Europe/Paris' };
    expect(verifyMark(undefined, stored, gb)).toEqual({
      ok: false,
      label: 'Damaged 30 Nov 2026',
      title: 'Scheduled verify 30 Nov 2026, 03:00:12: BACKUP.002: SHA-256 differs from MANIFEST.json',
    });
    const pressed = { ...stored, ok: true, scheduled: false, summary: '4 entries in 2 volume(s) match MANIFEST.json' };
    expect(verifyMark(undefined, pressed, { locale: 'en-US', timeZone: 'Europe/Paris' })?.label).toBe('Verified Nov 30, 2026');
  });

  it('a Verify pressed in this console wins; never verified shows nothing', () => {
    expect(verifyMark(session, stored)).toMatchObject({ ok: true, label: 'Verified' });
    expect(verifyMark(undefined, undefined)).toBeNull();
    expect(verdictsById([stored])['26112801']).toBe(stored);
    expect(verdictsById(undefined)).toEqual({});
  });
});
