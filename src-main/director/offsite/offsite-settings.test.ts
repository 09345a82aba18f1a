import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../settings/settings-store.js';
import { toPublicSettings } from '../settings/public-settings.js';

let dir: string;
const sealed: string[] = [];
const store = () =>
  new SettingsStore({ configDir: dir, platform: 'linux', home: '/home/office', clock: () => new Date('2026-11-30T10:00:00Z'), sealSecret: (p) => (sealed.push(p), `test.v1:${Buffer.from(p).toString('base64')}`) });
const fixture = async (n: number) => JSON.parse(await readFile(new URL(`../settings/testing/fixtures/settings-v${n}.json`, import.meta.url), 'utf8'));
const KEY = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const target = {
  id: 'nas',
  label: 'Office NAS',
  enabled: true,
  remote: 'nas:',
  path: 'hotbackup/office',
  retention: null as number | null,
  when: { kind: 'afterRun' as const },
  backend: { type: 'sftp', options: { host: '10.0.0.5', user: 'backup' } } as { type: string; options: Record<string, string> } | null,
  recipients: [KEY],
  rcloneConfig: null,
  checkPercent: 100,
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-offsite-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('offsite targets in settings (format 4)', () => {
  it.each([1, 2, 3])('a settings.json of format %i loads with no targets and is written back as format 4', async (n) => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify(await fixture(n)));
    const s = store();
    const loaded = await s.load();
    expect(s.loadWarnings).toEqual([]);
    expect(loaded.schemaVersion).toBe(4);
    expect(loaded.offsite).toEqual({ targets: [] });
    expect(loaded.retention).toEqual((await fixture(n)).retention);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).schemaVersion).toBe(4);
  });

  it('a target gets its defaults; its secrets are sealed and clients see only their names', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify(await fixture(3)));
    const s = store();
    await s.load();
    const saved = await s.update({ offsite: { targets: [{ ...target, secrets: { pass: 'hunter2' } }] } });
    const t = saved.offsite.targets[0]!;
    expect(t).toMatchObject({ retention: null, when: { kind: 'afterRun' }, enabled: true, rcloneConfig: null, checkPercent: 100 });
    expect(t.secretsSealed.pass).toBe(`test.v1:${Buffer.from('hunter2').toString('base64')}`);
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('hunter2');
    const pub = toPublicSettings(saved).offsite.targets[0]!;
    expect(pub.secretsSet).toEqual(['pass']);
    expect(JSON.stringify(pub)).not.toContain('test.v1');
    // Saved again without secrets: the sealed one stays; null removes it.
    expect((await s.update({ offsite: { targets: [{ ...target, label: 'NAS' }] } })).offsite.targets[0]!.secretsSealed.pass).toBe(t.secretsSealed.pass);
    expect((await s.update({ offsite: { targets: [{ ...target, secrets: { pass: null } }] } })).offsite.targets[0]!.secretsSealed).toEqual({});
  });

  it.each([
    [{ recipients: ['AGE-SECRET-KEY-1QQQ'] }, /recipients\.0: "AGE-SECRET-KEY-1QQQ" is not an age public key .* never the secret/],
    [{ remote: '-nas:' }, /remote: "-nas:" is neither an rclone remote name/],
    [{ remote: 'relative/dir' }, /remote: "relative\/dir" is neither/],
    [{ path: '../up' }, /path: "..\/up" holds a "." or ".." step/],
    [{ backend: null }, /remote: "nas:" names an rclone remote but no rclone.conf and no backend/],
    [{ retention: 0 }, /retention: keep at least 1 copy/],
    [{ backend: { type: 'sftp', options: { host: 'x\nexploit = 1' } } }, /holds no line break/],
  ])('refuses %j naming the field and the fix', async (change, message) => {
    const s = store();
    await s.load();
    await expect(s.update({ offsite: { targets: [{ ...target, ...change }] } })).rejects.toThrow(message);
  });

  it('two targets with one ID or one label are refused', async () => {
    const s = store();
    await s.load();
    await expect(s.update({ offsite: { targets: [target, { ...target, label: 'Other' }] } })).rejects.toThrow(/offsite\.targets\.1\.id: "nas" is used by another target/);
  });

  it('a recipient a later check refuses still loads (with a warning naming it); an edit keeping another bad value is refused', async () => {
    const v4 = { ...(await fixture(3)), schemaVersion: 4, offsite: { targets: [{ ...target, recipients: ['age1short'] }] } };
    await writeFile(join(dir, 'settings.json'), JSON.stringify(v4));
    const s = store();
    const loaded = await s.load();
    expect(loaded.offsite.targets[0]!.recipients).toEqual(['age1short']);
    expect(s.loadWarnings).toEqual([expect.stringMatching(/^settings\.json: offsite\.targets\.0\.recipients\.0: "age1short" is not an age public key/)]);
    expect((await s.update({ retention: { recent: 5 } })).retention.recent).toBe(5);
    await expect(s.update({ offsite: { targets: [{ ...target, recipients: ['age1other'] }] } })).rejects.toThrow(/Settings not saved: offsite\.targets\.0\.recipients\.0/);
  });
});
