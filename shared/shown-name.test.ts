import { describe, expect, it } from 'vitest';
import { shownName } from './shown-name.js';
import { logText } from './log-text.js';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));

describe('shownName: the one way a name is written for people', () => {
  it('writes a byte that is not UTF-8 as lowercase \\xNN, the same form logText gives control characters', () => {
    expect(shownName(bytes('caf', [0xe9], '.txt'))).toBe('caf\\xe9.txt');
    expect(shownName('a\rb')).toBe('a\\x0db');
    expect(logText('a\rb')).toBe('a\\x0db');
    expect(shownName(bytes('Büro/ü\u{1F600}'))).toBe('Büro/ü\u{1F600}');
    expect(shownName(bytes([0x61, 0x0a, 0xed, 0xa0, 0x80]))).toBe('a\\x0a\\xed\\xa0\\x80');
  });

  it('keeps every two different names apart: one byte apart, a lone byte vs the text \\xe9, a C1 control vs the byte', () => {
    const names = [
      bytes('caf', [0xe9], '.txt'),
      bytes('caf', [0xe8], '.txt'),
      bytes('caf\\xe9.txt'),
      bytes('caf\\\\xe9.txt'),
      bytes('caf\u0085.txt'),
      bytes('caf', [0x85], '.txt'),
      bytes('caf\\u0085.txt'),
      bytes('caf\n.txt'),
      bytes('caf\\x0a.txt'),
      bytes('café.txt'),
    ];
    const shown = names.map((n) => shownName(n));
    expect(new Set(shown).size).toBe(names.length);
    // A shown name is one line, and logText leaves it as it is.
    for (const s of shown) {
      expect(s).not.toMatch(/[\n\r\u2028\u2029\uFFFD]/);
      expect(logText(s)).toBe(s);
    }
  });

  it('gives text and its UTF-8 bytes the same form', () => {
    for (const t of ['a\\b', 'x\u2028y', 'tab\there', 'ok']) expect(shownName(t)).toBe(shownName(bytes(t)));
  });
});
