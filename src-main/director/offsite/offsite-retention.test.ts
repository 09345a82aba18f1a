import { describe, expect, it } from 'vitest';
import { copiesToRemove } from './offsite-retention.js';

const c = (backupId: string, seq: number | null, complete = true) => ({ backupId, seq, complete });

describe('retention on a target', () => {
  it('keeps the newest complete copies by run order, not by ID', () => {
    // 26113001 was made after 26120101 (a clock set wrong): the run order says so.
    expect(copiesToRemove([c('26120101', 1), c('26113001', 2), c('26113002', 3)], 2, null)).toEqual(['26120101']);
  });

  it('an incomplete newer copy never counts and is never removed; a complete one is never removed to make room for it', () => {
    expect(copiesToRemove([c('26113001', 1), c('26113002', 2), c('26113003', null, false)], 2, null)).toEqual([]);
    expect(copiesToRemove([c('26113001', 1), c('26113003', null, false)], 1, null)).toEqual([]);
  });

  it('an incomplete copy older than the newest complete one is abandoned and removed, unless it is the copy in progress', () => {
    expect(copiesToRemove([c('26113001', null, false), c('26113002', 2)], 4, null)).toEqual(['26113001']);
    expect(copiesToRemove([c('26113001', null, false), c('26113002', 2)], 4, '26113001')).toEqual([]);
  });
});
