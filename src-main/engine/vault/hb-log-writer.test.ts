import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logText } from '../../../shared/log-text.js';
import { runBackup } from '../worker/run-in-worker.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { formatHbLine } from './hb-log-writer.js';
import { shownName } from '../../../shared/shown-name.js';
import { parseHbLog } from './stored-hb-log.js';

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

  it('a real run: skipped names that are not UTF-8 or hold a line break are told apart in HB.LOG', async () => {
    const data = temps.make('hb-log-bytes-data');
    await writeFile(join(data, 'letter.txt'), 'Dear client');
    // Two Latin-1 names one byte apart (café, cafè) and a name with a line break: pipes, so skipped.
    execFileSync('bash', ['-c', 'cd "$1" && mkfifo "$(printf \'caf\\351\')" "$(printf \'caf\\350\')" "$(printf \'new\\nline\')"', '_', data]);
    const r = await runBackup(baseOptions(temps.make('hb-log-bytes-hb'), [data]));
    expect(r.result).toBe('Succeeded');
    expect(r.skipped?.special).toBe(3);
    const skippedLines = parseHbLog(readFileSync(join(r.backupPath!, 'HB.LOG'), 'utf8')).filter((e) => e.code === 'HB_SKIPPED').map((e) => e.detail);
    expect(skippedLines).toHaveLength(3);
    expect(skippedLines.join('\n')).not.toContain('\ufffd');
    expect(skippedLines.some((d) => d.startsWith(`"${data}/caf\\xe9": `))).toBe(true);
    expect(skippedLines.some((d) => d.startsWith(`"${data}/caf\\xe8": `))).toBe(true);
    expect(skippedLines.some((d) => d.startsWith(`"${data}/new\\x0aline": `))).toBe(true);
  });

  it('shownName: distinct byte names stay distinct; controls, tabs and backslashes are visible', () => {
    expect(shownName(Buffer.from('caf\xe9', 'latin1'))).toBe('caf\\xe9');
    expect(shownName(Buffer.concat([Buffer.from('café'), Buffer.from([0xff])]))).toBe('café\\xff');
    expect(shownName('a\nb\tc\rd\u2028')).toBe('a\\x0ab\\x09c\\x0dd\\u2028');
    // The text "\xe9" in a name is not the byte 0xE9.
    expect(shownName('caf\\xe9')).not.toBe(shownName(Buffer.from('caf\xe9', 'latin1')));
    // A lone continuation byte, an overlong form and a cut-short sequence are bytes, not U+FFFD.
    expect(shownName(Buffer.from([0x61, 0x80, 0xc0, 0xaf, 0xe2, 0x82]))).toBe('a\\x80\\xc0\\xaf\\xe2\\x82');
    // An HB.LOG written before names were escaped still reads line by line.
    expect(parseHbLog('2026-01-01T00:00:00+00:00|HB_SKIPPED|"/d/caf\ufffd": not a regular file\n')).toEqual([{ time: '2026-01-01T00:00:00+00:00', code: 'HB_SKIPPED', detail: '"/d/caf\ufffd": not a regular file' }]);
  });
});
