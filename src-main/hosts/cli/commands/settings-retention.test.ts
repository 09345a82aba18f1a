import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// The terminal's answer and whether there is a terminal: the rest (Director, preview, save) is real.
const tty = vi.hoisted(() => ({ present: false, answer: false, asked: [] as string[] }));
vi.mock('../ask-yes.js', () => ({
  canAsk: () => tty.present,
  askYes: async (q: string) => (tty.asked.push(q), tty.answer),
}));

let dir: string;
const hotbackup = (...args: string[]) => runCliCaptured(join(dir, 'config'), args);
const retention = async () => JSON.parse(await readFile(join(dir, 'config', 'settings.json'), 'utf8')).retention;
const ids: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-cli-retention-'));
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'data', 'ledger.txt'), 'one line\n');
  expect((await hotbackup('settings', 'set', 'folder.path', join(dir, 'HotBackup'))).code).toBe(0);
  expect((await hotbackup('data', 'add', join(dir, 'data'))).code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const r = await hotbackup('backup', '--json');
    expect(r.code, r.err).toBe(0);
    ids.push((JSON.parse(r.out) as { outcome: { id: string } }).outcome.id);
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  Object.assign(tty, { present: false, answer: false, asked: [] });
  await hotbackup('settings', 'set', 'retention', '{"recent":4,"archive":2}', '--yes');
});

describe('hotbackup settings set: lowering retention', () => {
  it('without a terminal and without --yes: names the backups the next run deletes and saves nothing', async () => {
    const r = await hotbackup('settings', 'set', 'retention.recent', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('With 1 Recent and 2 Archive, the next successful HotBackup deletes 1 HotBackup when it cleans up:');
    expect(r.err).toContain(`  ${ids[0]}  Recent, Succeeded, started `);
    expect(r.err).toContain('Run on a terminal to confirm, or add --yes.');
    expect(await retention()).toEqual({ recent: 4, archive: 2 });
  });

  it('on a terminal: asks, and a "no" saves nothing', async () => {
    tty.present = true;
    const r = await hotbackup('settings', 'set', 'retention', '{"recent":1,"archive":0}');
    expect(tty.asked).toEqual(['Save and delete them at the next run? [y/N] ']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('deletes 3 HotBackups');
    for (const id of ids) expect(r.err).toContain(id);
    expect(r.err).toContain('Nothing was saved.');
    expect(await retention()).toEqual({ recent: 4, archive: 2 });
  });

  it('on a terminal: a "yes" saves', async () => {
    Object.assign(tty, { present: true, answer: true });
    const r = await hotbackup('settings', 'set', 'retention.archive', '0');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('retention.archive = 0\n');
    expect(await retention()).toEqual({ recent: 4, archive: 0 });
  });

  it('--yes saves without asking, still listing what goes', async () => {
    const r = await hotbackup('settings', 'set', 'retention.recent', '1', '--yes');
    expect(r.code, r.err).toBe(0);
    expect(tty.asked).toEqual([]);
    expect(r.err).toContain(ids[0]);
    expect(await retention()).toEqual({ recent: 1, archive: 2 });
  });

  it('raising the counts, or lowering them without deleting anything, does not ask', async () => {
    expect((await hotbackup('settings', 'set', 'retention.recent', '6')).code).toBe(0);
    const r = await hotbackup('settings', 'set', 'retention.recent', '3');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(tty.asked).toEqual([]);
    expect(await retention()).toEqual({ recent: 3, archive: 2 });
  });

  it('a count the settings refuse gets the save\'s own message, not the preview\'s', async () => {
    const r = await hotbackup('settings', 'set', 'retention.recent', '0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('retention.recent: Recent must be at least 1');
    expect(r.err).not.toContain('retentionPreview');
    expect(await retention()).toEqual({ recent: 4, archive: 2 });
  });
});
