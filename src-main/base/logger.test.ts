import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger } from './logger.js';

const root = mkdtempSync(join(tmpdir(), 'hb-logger-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createFileLogger (the Director log)', () => {
  it('writes one line per event, in the file when the call returns: time, level, message with its line breaks indented', () => {
    const file = join(root, 'logs', 'director.log');
    const log = createFileLogger({ file, clock: () => new Date('2026-12-01T04:30:00.000Z') });
    log.info('Director started');
    expect(readFileSync(file, 'utf8')).toBe('2026-12-01T04:30:00.000Z INFO  Director started\n');
    log.warn('two\nlines');
    log.error('bell \x07');
    expect(readFileSync(file, 'utf8').split('\n').slice(1)).toEqual(['2026-12-01T04:30:00.000Z WARN  two', '    lines', '2026-12-01T04:30:00.000Z ERROR bell \\x07', '']);
  });

  it('rotates by size: .1 is the newest old file, and only `keep` old files stay', () => {
    const file = join(root, 'rotate', 'director.log');
    const log = createFileLogger({ file, clock: () => new Date('2026-12-01T04:30:00.000Z'), maxBytes: 100, keep: 2 });
    for (let i = 1; i <= 8; i++) log.info(`event ${i} ${'x'.repeat(40)}`);
    // 80 bytes a line: every second line finds the file past 100 bytes and starts a new one.
    const events = (f: string) => [...readFileSync(f, 'utf8').matchAll(/event (\d)/g)].map((m) => Number(m[1]));
    expect(events(file)).toEqual([7, 8]);
    expect(events(`${file}.1`)).toEqual([5, 6]);
    expect(events(`${file}.2`)).toEqual([3, 4]);
    expect(existsSync(`${file}.3`)).toBe(false);
  });
});
