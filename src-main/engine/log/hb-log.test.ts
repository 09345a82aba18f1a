import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logText } from '../../../shared/log-text.js';
import { runBackup } from '../run/run-backup.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { formatHbLine } from './hb-log.js';

// A name or message with control characters (a lone CR from an old file server, ESC) can neither
// break an HB.LOG line nor hide text in it: they are written as visible escapes.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('log text', () => {
  it('control characters become visible escapes; a line break a space; a tab stays', () => {
    expect(logText('a\rb\x1b[2Kc\x00d\u2028e\tf\r\ng\nh')).toBe('a\\x0db\\x1b[2Kc\\x00d\\u2028e\tf g h');
    expect(logText('one\ntwo', '\n    ')).toBe('one\n    two');
    expect(formatHbLine(new Date(0), 'HB_X', 'x\ry')).toMatch(/\|HB_X\|x\\x0dy\n$/);
  });

  it('a real run: a pipe named with a lone CR is skipped, and its HB.LOG line has no raw control character', async () => {
    const data = temps.make('hb-log-cr-data');
    await writeFile(join(data, 'letter.txt'), 'Dear client');
    execFileSync('mkfifo', [join(data, 'pipe\rname')]);
    const r = await runBackup(baseOptions(temps.make('hb-log-cr-hb'), [data]));
    expect(r.result).toBe('Succeeded');
    expect(r.skipped?.special).toBe(1);
    const log = readFileSync(join(r.backupPath!, 'HB.LOG'), 'utf8');
    expect(log).not.toMatch(/[\r\x00-\x08\x0b-\x1f]/); // eslint-disable-line no-control-regex
    expect(log).toContain('pipe\\x0dname');
    expect(log.split('\n').filter((l) => l.includes('HB_SKIPPED'))).toHaveLength(1);
  });
});
