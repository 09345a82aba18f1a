import { describe, expect, it } from 'vitest';
import { MIB } from '../../../shared/settings.js';
import { backupCommandInput, exitCodeOfRun, formatProgressLine, parseVolumeSize } from './backup-command-input.js';

describe('parseVolumeSize', () => {
  it.each([
    ['1048576', MIB],
    ['1MiB', MIB],
    ['512m', 512 * MIB],
    ['2G', 2 * 1024 * MIB],
    ['1.5 MiB', 1.5 * MIB],
  ])('%s → %d', (text, want) => expect(parseVolumeSize(text)).toBe(want));

  it('refuses what is not a size', () => {
    expect(() => parseVolumeSize('lots')).toThrow('--volume-size "lots" is not a size');
  });
});

describe('backupCommandInput', () => {
  it('resolves paths and applies the options over the defaults', () => {
    const r = backupCommandInput({ data: ['/srv/a', 'rel'], folder: '/backups', volumeSize: '1MiB', compression: 'none' });
    expect(r.settings).toEqual({ compression: 'none', volumeSize: MIB, settleAttempts: 5, includeUnsettled: false });
    expect(r.dataDirectories.map((d) => d.path)).toEqual(['/srv/a', `${process.cwd()}/rel`]);
  });

  it.each([
    [{ data: [], folder: '/b' }, 'Give at least one data directory'],
    [{ data: ['/a'], folder: '/b', compression: 'zip' }, '--compression "zip" is not known: use none or gzip.'],
    [{ data: ['/a'], folder: '/b', volumeSize: '1000' }, 'volumeSize: volumeSize must be at least 1048576 bytes (1 MiB)'],
  ])('refuses %j', (input, message) => {
    expect(() => backupCommandInput(input)).toThrow(message);
  });
});

describe('formatProgressLine and exitCodeOfRun', () => {
  it('says phase, percent, bytes, files and time left', () => {
    const line = formatProgressLine({
      status: 'Saving',
      phase: 'Streaming Files',
      progress: { percent: 45.6, bytesDone: 3 * MIB, bytesTotal: 10 * MIB, filesDone: 3, filesTotal: 8, currentFile: '/x', etaSeconds: 12 },
    });
    expect(line).toBe('Saving — Streaming Files 45% (3.0 MiB of 10.0 MiB, 3/8 files, about 12 s left)');
  });

  it.each([
    [{ result: 'Succeeded', errorCode: null }, 0],
    [{ result: 'Failed', errorCode: 'BAD_INPUT' }, 2],
    [{ result: 'Failed', errorCode: 'RUN_FAILED' }, 1],
    [{ result: 'Failed', errorCode: 'IO_ERROR' }, 1],
  ] as const)('%j → exit %d', (r, code) => expect(exitCodeOfRun(r)).toBe(code));
});
