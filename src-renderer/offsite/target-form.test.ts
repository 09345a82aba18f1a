import { describe, expect, it } from 'vitest';
import type { PublicOffsiteTarget } from '../../shared/offsite-settings.js';
import { checkTargetForm, emptyTargetForm, idFromLabel, targetErrorsFromDirector, targetFormFrom, targetInputFrom } from './target-form.js';

const KEY = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const saved: PublicOffsiteTarget = {
  id: 'nas',
  label: 'Office NAS',
  enabled: true,
  remote: 'nas:',
  path: 'hotbackup',
  retention: null,
  when: { kind: 'schedule', days: { kind: 'chosen', days: [1, 3] }, times: ['02:00'] },
  recipients: [KEY],
  rcloneConfig: null,
  backend: { type: 'sftp', options: { host: 'nas.lan' } },
  checkPercent: 100,
  secretsSet: ['pass'],
};

describe('the offsite target form', () => {
  it('saves a local folder target with defaults, its ID made from the label', () => {
    const id = idFromLabel('Office NAS', ['office-nas']);
    expect(id).toBe('office-nas-2');
    const { input, errors } = checkTargetForm({ ...emptyTargetForm, label: ' Disk ', remote: '/mnt/usb' }, 'disk', [], []);
    expect(errors).toEqual({});
    expect(input).toMatchObject({ id: 'disk', label: 'Disk', remote: '/mnt/usb', retention: null, when: { kind: 'afterRun' }, recipients: [], backend: null, rcloneConfig: null });
    expect(input).not.toHaveProperty('secrets');
  });

  it('names each wrong field with the fix', () => {
    const { input, errors } = checkTargetForm(
      { ...emptyTargetForm, label: 'Office NAS', remote: 'nas', path: '../up', retention: '0', when: 'chosen', times: '25:00', recipients: 'AGE-SECRET-KEY-1ABC', checkPercent: '101', backendOptions: 'Host: x' },
      'x',
      [saved],
      [],
    );
    expect(input).toBeNull();
    expect(errors.label).toMatch(/label of another target/);
    expect(errors.remote).toMatch(/"nas" is neither an rclone remote/);
    expect(errors.path).toMatch(/"\.\." step/);
    expect(errors.retention).toMatch(/1 to 198/);
    expect(errors.times).toMatch(/"25:00" is not a time of day/);
    expect(errors.days).toMatch(/tick at least one day/);
    expect(errors.recipients).toMatch(/secret \(recovery\) key: paste only the public key/);
    expect(errors.checkPercent).toMatch(/0 to 100/);
    expect(errors.backendOptions).toMatch(/"Host: x" is not an option line/);
  });

  it('a remote name needs an rclone.conf or a backend', () => {
    const { errors } = checkTargetForm({ ...emptyTargetForm, label: 'B2', remote: 'b2:' }, 'b2', [], []);
    expect(errors.remote).toMatch(/give your rclone.conf below, or the backend type/);
  });

  it('an edited target round-trips; secrets are sent only when typed or removed', () => {
    const form = targetFormFrom(saved);
    expect(form).toMatchObject({ when: 'chosen', days: ['1', '3'], times: '02:00', backendOptions: 'host = nas.lan', secrets: '' });
    const same = checkTargetForm(form, 'nas', [], saved.secretsSet).input;
    expect(same).toEqual(targetInputFrom(saved));
    expect(checkTargetForm({ ...form, secrets: 'pass = n3w' }, 'nas', [], ['pass']).input?.secrets).toEqual({ pass: 'n3w' });
    expect(checkTargetForm({ ...form, clearSecrets: true }, 'nas', [], ['pass']).input?.secrets).toEqual({ pass: null });
  });

  it("places the Director's message on the field of the saved target", () => {
    expect(targetErrorsFromDirector('Settings not saved: offsite.targets.1.remote: "x:" is bad; offsite.targets.0.label: other', 1)).toEqual({ remote: '"x:" is bad' });
  });
});
