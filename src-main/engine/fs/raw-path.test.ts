import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPath, childText } from './raw-path.js';

describe('childText / childPath', () => {
  it('join a listed name to its folder exactly as path.join does', () => {
    const parents = ['/', '/data', '/data/office', '/data/Ärger 😀', 'rel/sub', 'a'];
    const names = ['b.txt', 'Müller', ' lead space', 'trail.', '...', '.hidden', 'x'.repeat(300)];
    for (const p of parents) for (const n of names) expect(childText(p, n)).toBe(join(p, n));
    // A relative path starts at the data directory itself: the name alone.
    expect(childText('', 'b.txt')).toBe('b.txt');
  });

  it('stays text while names are UTF-8 and turns to exact bytes when one is not', () => {
    const raw = Buffer.from([0x66, 0xff]);
    expect(childPath('/data', Buffer.from('Müller'))).toBe('/data/Müller');
    expect(childPath('/data', raw)).toEqual(Buffer.concat([Buffer.from('/data/'), raw]));
    expect(childPath(Buffer.from('/d'), Buffer.from('ok'))).toEqual(Buffer.from('/d/ok'));
  });
});
