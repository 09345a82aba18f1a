import { describe, expect, it } from 'vitest';
import type { DataDirectory } from '../../shared/settings.js';
import { addedExcludes, checkDirectoryForm, errorsFromDirector, excludeProblem, nextDirectories, parseExcludes } from './data-directories-form.js';

const ledger: DataDirectory = { path: '/srv/office/ledger', label: 'Ledger', exclude: [] };
const ctx = { existing: [ledger], editing: null, hotBackupFolder: '/srv/HotBackup' };
const form = (over: Partial<{ path: string; label: string; exclude: string }>) => ({ path: '/srv/office/docs', label: '', exclude: '', ...over });

describe('checkDirectoryForm', () => {
  it.each([
    ['empty path', form({ path: '' }), 'path', /is empty/],
    ['relative path', form({ path: 'office/docs' }), 'path', /is a relative path/],
    ['UNC path', form({ path: '\\\\server\\share\\docs' }), 'path', /network \(UNC\) path/],
    ['trailing space', form({ path: '/srv/office/docs ' }), 'path', /leading or trailing spaces/],
    ['the HotBackup folder', form({ path: '/srv/HotBackup' }), 'path', /is the HotBackup folder or lies inside it/],
    ['inside the HotBackup folder', form({ path: '/srv/HotBackup/Recent' }), 'path', /is the HotBackup folder or lies inside it/],
    ['listed twice', form({ path: '/srv/office/ledger/' }), 'path', /already in the list as "Ledger"/],
    ['inside another data directory', form({ path: '/srv/office/ledger/2026' }), 'path', /lies inside the data directory "\/srv\/office\/ledger"/],
    ['contains another data directory', form({ path: '/srv/office' }), 'path', /would be backed up twice/],
    ['label too long', form({ label: 'x'.repeat(81) }), 'label', /has 81 characters; keep it to 80 or fewer/],
    ['exclude with the full path', form({ exclude: '/srv/office/docs/cache/**' }), 'exclude', /relative to the folder, as "cache\/\*\*"/],
    ['exclude on another drive', form({ exclude: 'D:\\temp\\*' }), 'exclude', /another drive or server/],
    ['exclude leaving the folder', form({ exclude: '../ledger/*' }), 'exclude', /points outside the data directory/],
  ] as const)('%s: refused with a message on its field', (_name, f, field, message) => {
    const { directory, errors } = checkDirectoryForm(f, ctx);
    expect(directory).toBeNull();
    expect(errors[field]).toMatch(message);
  });

  it('keeps "include files that keep changing" only when ticked; an edit that unticks it drops it', () => {
    expect(checkDirectoryForm({ ...form({}), includeUnsettled: true }, ctx).directory).toEqual({ path: '/srv/office/docs', label: '', exclude: [], includeUnsettled: true });
    const edited = checkDirectoryForm({ ...form({ path: '/srv/office/ledger', label: 'Ledger' }), includeUnsettled: false }, { ...ctx, editing: 0 }).directory!;
    expect(nextDirectories([{ ...ledger, id: 'x1', includeUnsettled: true }], 0, edited)).toEqual([{ path: '/srv/office/ledger', label: 'Ledger', exclude: [], id: 'x1' }]);
  });

  it('accepts a good entry, trimming the label and dropping blank and repeated exclude lines', () => {
    const { directory, errors } = checkDirectoryForm(form({ label: ' Docs ', exclude: '*.tmp\n\n cache/** \n*.tmp' }), ctx);
    expect(errors).toEqual({});
    expect(directory).toEqual({ path: '/srv/office/docs', label: 'Docs', exclude: ['*.tmp', 'cache/**'] });
  });

  it('editing an entry does not count it as a duplicate of itself', () => {
    const { directory } = checkDirectoryForm(form({ path: '/srv/office/ledger', label: 'Ledger 2' }), { ...ctx, editing: 0 });
    expect(directory?.label).toBe('Ledger 2');
  });

  it('allows a data directory that holds the HotBackup folder (the engine skips it)', () => {
    expect(checkDirectoryForm(form({ path: '/srv' }), { ...ctx, existing: [] }).errors).toEqual({});
  });
});

describe('helpers', () => {
  it('parseExcludes, excludeProblem, addedExcludes, nextDirectories', () => {
    expect(parseExcludes(' a \r\nb\n\na')).toEqual(['a', 'b']);
    expect(excludeProblem('/cache', '/srv/x')).toBeNull();
    expect(addedExcludes(['*.tmp'], ['*.tmp', 'cache/**'])).toEqual(['cache/**']);
    const d = { path: '/b', label: '', exclude: [] };
    expect(nextDirectories([ledger], null, d)).toEqual([ledger, d]);
    expect(nextDirectories([ledger], 0, d)).toEqual([d]);
  });

  it('maps the Director\'s refusal back to the field of the entry being saved', () => {
    const msg = 'Settings not saved: dataDirectories.0.path: "/old" does not exist: check the path; dataDirectories.1.path: "/srv/x" does not exist: check the path or create the folder first';
    expect(errorsFromDirector(msg, 1)).toEqual({ path: '"/srv/x" does not exist: check the path or create the folder first' });
    expect(errorsFromDirector('settings.update: dataDirectories.1.label: Too big', 1)).toEqual({ label: 'Too big' });
    expect(errorsFromDirector('The Director is busy', 1)).toEqual({ form: 'The Director is busy' });
  });
});
