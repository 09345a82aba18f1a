import { describe, expect, it } from 'vitest';
import { settingsDifferences, staleSaveMessage } from './settings-diff.js';

describe('settingsDifferences', () => {
  const base = {
    folder: { path: '/b' },
    retention: { recent: 4, archive: 2 },
    dataDirectories: [{ path: '/d', label: 'D', exclude: [] }],
    email: { server: { host: 'a', passwordSealed: 'x' }, messages: [] },
    revision: 'r1',
  };
  it.each([
    ['a number', { retention: { recent: 2, archive: 2 } }, ['Recent: 4 → 2']],
    ['a path', { folder: { path: '/c' } }, ['HotBackup folder: "/b" → "/c"']],
    ['a list', { dataDirectories: [...base.dataDirectories, { path: '/e', label: 'E', exclude: [] }] }, ['Data directories: 1 entry → 2 entries']],
    ['a sealed password', { email: { server: { host: 'a', passwordSealed: 'y' }, messages: [] } }, ['E-mail server changed']],
    ['only the revision', { revision: 'r2' }, []],
  ])('names %s', (_name, change, expected) => {
    expect(settingsDifferences(base, { ...base, ...change })).toEqual(expected);
  });
  it('an unknown field is named by its path', () => {
    expect(settingsDifferences({ alerts: { retryCount: 2 } }, { alerts: { retryCount: 3 } })).toEqual(['alerts.retryCount: 2 → 3']);
  });
});

describe('staleSaveMessage', () => {
  it('says another console changed the settings, with the difference when known', () => {
    expect(staleSaveMessage(['Recent: 4 → 2'])).toMatch(/changed in another console .* \(Recent: 4 → 2\)\. Look at the current values/);
    expect(staleSaveMessage(null)).toMatch(/opened\. Look/);
  });
});
