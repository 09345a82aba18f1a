import { describe, expect, it } from 'vitest';
import { parseHbLog } from '../vault/stored-hb-log.js';
import { phaseCostsFromHbLog } from './phase-costs.js';

const log = (lines: [string, string, string][]) => parseHbLog(lines.map((l) => l.join('|')).join('\n'));
const t = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, 0) + s).toISOString();

describe('phaseCostsFromHbLog', () => {
  const full: [string, string, string][] = [
    [t(0), 'HB_BEGIN_RUN', ''],
    [t(100), 'HB_END_FILE_STATS', 'files=10 sqlite=1 directories=2 symlinks=0 bytes=5000 skipped=0'],
    [t(1_000), 'HB_BEGIN_LOCK_FILES', ''],
    [t(7_000), 'HB_END_LOCK_FILES', 'Successful, 6000 ms'],
    [t(8_500), 'HB_BEGIN_STREAM', 'gzip'],
    [t(12_500), 'HB_END_STREAM', ''],
    [t(12_600), 'HB_BEGIN_VALIDATE', ''],
    [t(13_600), 'HB_END_VALIDATE', 'Successful'],
  ];
  it('each measured phase from its markers, to the millisecond, with the bytes backed up', () => {
    expect(phaseCostsFromHbLog(log(full))).toEqual({ bytes: 5000, ms: { 'Locking Files': 6000, 'Saving Files': 1500, 'Streaming Files': 4000, 'Validating Save': 1000 } });
  });
  it.each([
    ['no end of validation (a failed run)', full.filter((l) => l[1] !== 'HB_END_VALIDATE')],
    ['no file statistics', full.filter((l) => l[1] !== 'HB_END_FILE_STATS')],
    ['a time that cannot be read', full.map((l): [string, string, string] => (l[1] === 'HB_BEGIN_STREAM' ? ['soon', l[1], l[2]] : l))],
  ])('%s → null (default costs are used)', (_name, lines) => {
    expect(phaseCostsFromHbLog(log(lines))).toBeNull();
  });
});
