// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveReportAsPdf } from './save-pdf.js';

afterEach(() => {
  delete window.hotbackupDesktop;
  vi.restoreAllMocks();
});

describe('saveReportAsPdf', () => {
  it('in a browser opens the print dialog and says to pick "Save as PDF"', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    expect(await saveReportAsPdf('r.pdf')).toEqual({ ok: true, text: expect.stringContaining('Save as PDF') });
    expect(print).toHaveBeenCalledOnce();
  });
  it('in the desktop console uses its savePdf and says where the file went, or why not', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const savePdf = vi.fn().mockResolvedValueOnce({ saved: true, path: '/home/a/r.pdf', error: null }).mockResolvedValueOnce({ saved: false, path: null, error: 'disk full' });
    window.hotbackupDesktop = { savePdf };
    expect(await saveReportAsPdf('HotBackup 26112601 report.pdf')).toEqual({ ok: true, text: 'Saved to /home/a/r.pdf.' });
    expect(await saveReportAsPdf('x.pdf')).toEqual({ ok: false, text: 'The PDF was not saved: disk full' });
    expect(savePdf).toHaveBeenCalledWith('HotBackup 26112601 report.pdf');
    expect(print).not.toHaveBeenCalled();
  });
});
