import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, downloadTarget, resolveAppRequest } from './app-path.js';

const root = resolve('/opt/hotbackup/dist-renderer');

describe('resolveAppRequest', () => {
  it.each([
    ['app://console/', join(root, 'index.html')],
    ['app://console/index.html', join(root, 'index.html')],
    ['app://console/assets/index-abc.js?v=1#x', join(root, 'assets', 'index-abc.js')],
    ['app://console/icon%20big.svg', join(root, 'icon big.svg')],
  ])('%s -> the file', (url, file) => expect(resolveAppRequest(root, url)).toBe(file));

  it.each([
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['encoded slash', 'app://console/..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://console/..%5c..%5cwindows%5cwin.ini'],
    ['NUL', 'app://console/index.html%00.png'],
    ['bad escape', 'app://console/%E0%A4%A'],
    ['not a URL', 'console/index.html'],
  ])('refuses %s', (_name, url) => expect(resolveAppRequest(root, url)).toBeNull());

  it.each([['app://console/../../etc/passwd'], ['app://console/%2e%2e/%2e%2e/etc/passwd'], ['app://console/a/../../../x']])(
    'dot segments in %s are folded by the URL parser and stay inside the folder',
    (url) => {
      const file = resolveAppRequest(root, url);
      expect(file === null || file.startsWith(root + sep)).toBe(true);
    },
  );

  it('names content types', () => {
    expect(contentTypeOf('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('a/x.bin')).toBe('application/octet-stream');
  });
});

describe('downloadTarget', () => {
  const origin = 'http://127.0.0.1:40123';
  it('sends a Browse download to the embedded Director, and nothing else', () => {
    expect(downloadTarget('app://console/api/download/AbC_123-xyzXYZ7890abcd', origin)).toBe(`${origin}/api/download/AbC_123-xyzXYZ7890abcd`);
    expect(downloadTarget('app://console/api/download/AbC_123-xyzXYZ7890abcd', null)).toBeNull();
    for (const url of [
      'app://console/api/download',
      'app://console/api/download/short',
      'app://console/api/download/AbC_123-xyzXYZ7890abcd/../../x',
      'app://console/api/download/%2e%2e%2fAbC_123-xyzXYZ7890',
      'app://console/api/download?id=26113001&path=Office/a.txt',
      'app://console/api/login',
      'app://other/api/download/AbC_123-xyzXYZ7890abcd',
      'https://evil.example/api/download/AbC_123-xyzXYZ7890abcd',
    ]) expect(downloadTarget(url, origin), url).toBeNull();
  });
});
