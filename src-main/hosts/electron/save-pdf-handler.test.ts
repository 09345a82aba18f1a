import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../base/logger.js';
import type { MainIpc } from './ipc-adapter.js';
import { createDesktopExtras, SAVE_PDF_CHANNEL } from './preload-desktop.js';
import { attachSavePdfHandler, pdfFileName, type PdfContents } from './save-pdf-handler.js';
import type { SenderInfo } from './trusted-sender.js';

class FakeIpcMain implements MainIpc {
  readonly handlers = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: SenderInfo, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

const page = (id: number, url = 'app://console/index.html'): SenderInfo => ({ sender: { id }, senderFrame: { url, parent: null } });

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-save-pdf-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(answer: string | null) {
  const ipc = new FakeIpcMain();
  const asked: string[] = [];
  const wc: PdfContents = { id: 7, isDestroyed: () => false, printToPDF: async () => new TextEncoder().encode('%PDF-1.7 report') };
  const detach = attachSavePdfHandler({
    ipc,
    contents: () => wc,
    trustedOrigin: 'app://console',
    logger: silentLogger,
    askPath: async (name) => {
      asked.push(name);
      return answer;
    },
    writeFile: (p, d) => writeFile(p, d),
  });
  // The preload side, talking to the fake main as the page would (sender = our window).
  const extras = createDesktopExtras({ invoke: async (channel, ...args) => ipc.handlers.get(channel)!(page(7), ...args) });
  return { ipc, asked, detach, extras };
}

describe('save as PDF (desktop console)', () => {
  it('asks where, prints the page to PDF there, and says where it went', async () => {
    const target = join(dir, 'report.pdf');
    const { asked, extras } = setup(target);
    expect(await extras.savePdf('HotBackup 26112601 report.pdf')).toEqual({ saved: true, path: target, error: null });
    expect(asked).toEqual(['HotBackup 26112601 report.pdf']);
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 report');
  });
  it('a cancelled dialog saves nothing and is no error', async () => {
    const { extras } = setup(null);
    expect(await extras.savePdf('x.pdf')).toEqual({ saved: false, path: null, error: null });
  });
  it('a folder that cannot be written is reported', async () => {
    const { extras } = setup(join(dir, 'missing', 'r.pdf'));
    const r = await extras.savePdf('r.pdf');
    expect(r.saved).toBe(false);
    expect(r.error).toMatch(/ENOENT.*choose another folder/);
  });
  it('refuses another window or page', async () => {
    const { ipc, asked } = setup(join(dir, 'r.pdf'));
    const h = ipc.handlers.get(SAVE_PDF_CHANNEL)!;
    expect(await h(page(8), 'r.pdf')).toMatchObject({ saved: false, error: expect.stringMatching(/not our console window/) });
    expect(await h(page(7, 'https://evil.example/'), 'r.pdf')).toMatchObject({ saved: false, error: expect.stringMatching(/evil/) });
    expect(asked).toEqual([]);
  });
  it('detach removes the channel', () => {
    const { ipc, detach } = setup(null);
    detach();
    expect(ipc.handlers.has(SAVE_PDF_CHANNEL)).toBe(false);
  });
  it.each([
    ['HotBackup 26112601 report.pdf', 'HotBackup 26112601 report.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['C:\\Users\\x\\a:b*.PDF', 'a_b_.PDF'],
    ['', 'HotBackup report.pdf'],
    ['..', 'HotBackup report.pdf'],
  ])('file name %j → %j', (input, want) => expect(pdfFileName(input)).toBe(want));
});
