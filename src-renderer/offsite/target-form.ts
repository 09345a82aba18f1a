import { AGE_RECIPIENT_PATTERN, OffsiteTargetInput, remotePathProblem, remoteProblem, RCLONE_REMOTE_PATTERN, type PublicOffsiteTarget } from '../../shared/offsite-settings.js';
import { localPathProblem } from '../../shared/paths.js';
import { TimeOfDay } from '../../shared/schedule-days.js';

// The Add / Edit Offsite Target dialog as typed, its checks (instant, in words, per field) and
// the target it saves. The Director checks again and has the final say.

export type WhenChoice = 'afterRun' | 'everyDay' | 'weekdays' | 'chosen';

export interface TargetForm {
  label: string;
  enabled: boolean;
  remote: string;
  path: string;
  /** Copies kept; '' = as many as Recent + Archive. */
  retention: string;
  when: WhenChoice;
  /** '0' (Sunday) .. '6', used when `when` is 'chosen'. */
  days: string[];
  /** "02:00, 14:30" */
  times: string;
  /** age public keys, one a line. */
  recipients: string;
  rcloneConfig: string;
  backendType: string;
  /** `name = value`, one a line. */
  backendOptions: string;
  /** `name = value`, one a line, write-only: only what is typed is sent. */
  secrets: string;
  clearSecrets: boolean;
  checkPercent: string;
}
export type TargetErrors = Partial<Record<keyof TargetForm, string>>;

export const emptyTargetForm: TargetForm = {
  label: '',
  enabled: true,
  remote: '',
  path: '',
  retention: '',
  when: 'afterRun',
  days: [],
  times: '',
  recipients: '',
  rcloneConfig: '',
  backendType: '',
  backendOptions: '',
  secrets: '',
  clearSecrets: false,
  checkPercent: '100',
};

export function targetFormFrom(t: PublicOffsiteTarget): TargetForm {
  const w = t.when;
  return {
    label: t.label,
    enabled: t.enabled,
    remote: t.remote,
    path: t.path,
    retention: t.retention === null ? '' : String(t.retention),
    when: w.kind === 'afterRun' ? 'afterRun' : w.days.kind,
    days: w.kind === 'schedule' && w.days.kind === 'chosen' ? w.days.days.map(String) : [],
    times: w.kind === 'schedule' ? w.times.join(', ') : '',
    recipients: t.recipients.join('\n'),
    rcloneConfig: t.rcloneConfig ?? '',
    backendType: t.backend?.type ?? '',
    backendOptions: Object.entries(t.backend?.options ?? {})
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n'),
    secrets: '',
    clearSecrets: false,
    checkPercent: String(t.checkPercent),
  };
}

/** A saved target as it is sent back unchanged: its sealed secrets stay (none named). */
export function targetInputFrom(t: PublicOffsiteTarget): OffsiteTargetInput {
  const { secretsSet: _set, ...input } = t;
  return input;
}

/** An ID for a new target from its label: "Office NAS" → "office-nas", unique among `taken`. */
export function idFromLabel(label: string, taken: readonly string[]): string {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'target';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** `name = value` lines → a record, or the first line that is not one. */
function pairs(text: string, what: string): { value: Record<string, string> } | { error: string } {
  const value: Record<string, string> = {};
  for (const line of lines(text)) {
    const m = /^([a-z][a-z0-9_]{0,63})\s*=\s*(.*)$/.exec(line);
    if (!m) return { error: `"${line.slice(0, 60)}" is not ${what === 'option' ? 'an' : 'a'} ${what} line: write one name = value a line, such as ${what === 'option' ? 'url = https://nas.example/dav' : 'pass = …'} (names in lower case)` };
    value[m[1]!] = m[2]!;
  }
  return { value };
}

function wholeIn(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/**
 * Check the dialog. `id` is the target's ID (a new one's from `idFromLabel`); `others` are the
 * other saved targets (labels must differ); `secretsSet` the names of the saved secrets.
 */
export function checkTargetForm(form: TargetForm, id: string, others: readonly PublicOffsiteTarget[], secretsSet: readonly string[]): { input: OffsiteTargetInput | null; errors: TargetErrors } {
  const errors: TargetErrors = {};
  const label = form.label.trim();
  if (label === '') errors.label = 'No label is given: name the target, such as "Office NAS" or "Backblaze".';
  else if (others.some((t) => t.label === label)) errors.label = `"${label}" is the label of another target: give each target its own label.`;

  const remote = form.remote.trim();
  const rcloneConfig = form.rcloneConfig.trim();
  const backendType = form.backendType.trim();
  if (remote === '') errors.remote = 'No remote is given: enter an rclone remote name with its colon (such as office-nas:) or an absolute folder path (such as /mnt/nas/hotbackup).';
  else {
    const p = remoteProblem(remote);
    if (p) errors.remote = `${p}.`;
    else if (RCLONE_REMOTE_PATTERN.test(remote) && rcloneConfig === '' && backendType === '') {
      errors.remote = `"${remote}" names an rclone remote: give your rclone.conf below, or the backend type (and its options) for HotBackup to write the config.`;
    }
  }
  const pathProblem = remotePathProblem(form.path.trim());
  if (pathProblem) errors.path = `${pathProblem}.`;
  if (rcloneConfig !== '' && localPathProblem(rcloneConfig)) errors.rcloneConfig = `"${rcloneConfig}" ${localPathProblem(rcloneConfig)}.`;
  if (backendType !== '' && !/^[a-z][a-z0-9]{0,31}$/.test(backendType)) errors.backendType = `"${backendType}" is not an rclone backend name: use rclone's name in lower case, such as s3, sftp, webdav, smb or b2.`;
  const options = pairs(form.backendOptions, 'option');
  if ('error' in options) errors.backendOptions = options.error;
  const secrets = pairs(form.secrets, 'secret');
  if ('error' in secrets) errors.secrets = secrets.error;

  const retention = form.retention.trim() === '' ? null : wholeIn(form.retention, 1, 198);
  if (form.retention.trim() !== '' && retention === null) errors.retention = `"${form.retention.trim()}" is not a number of copies: enter a whole number from 1 to 198, or leave it empty to keep as many as Recent + Archive.`;
  const checkPercent = wholeIn(form.checkPercent, 0, 100);
  if (checkPercent === null) errors.checkPercent = `"${form.checkPercent.trim()}" is not a percent: enter a whole number from 0 to 100 (100 = download and check every part).`;

  const times = form.times.split(/[,\s]+/).filter(Boolean);
  if (form.when !== 'afterRun') {
    const bad = times.find((t) => !TimeOfDay.safeParse(t).success);
    if (times.length === 0) errors.times = 'No time is given: enter at least one time of day, such as 02:00.';
    else if (bad) errors.times = `"${bad}" is not a time of day: write HH:MM from 00:00 to 23:59, several separated by commas.`;
    if (form.when === 'chosen' && form.days.length === 0) errors.days = 'No day is chosen: tick at least one day.';
  }

  const recipients = lines(form.recipients);
  const badKey = recipients.find((r) => !AGE_RECIPIENT_PATTERN.test(r));
  if (badKey?.startsWith('AGE-SECRET-KEY-')) errors.recipients = 'This is a secret (recovery) key: paste only the public key (age1…); keep the secret key offline.';
  else if (badKey) errors.recipients = `"${badKey.slice(0, 70)}" is not an age public key: paste the line age-keygen prints as "Public key" (age1 followed by 58 letters and digits), one a line.`;
  else if (recipients.length > 20) errors.recipients = `${recipients.length} public keys are given: at most 20 are allowed.`;

  if (Object.keys(errors).length > 0) return { input: null, errors };
  const typed = 'value' in secrets ? secrets.value : {};
  const secretPatch: Record<string, string | null> = { ...(form.clearSecrets ? Object.fromEntries(secretsSet.map((k) => [k, null])) : {}), ...typed };
  const parsed = OffsiteTargetInput.safeParse({
    id,
    label,
    enabled: form.enabled,
    remote,
    path: form.path.trim(),
    retention,
    when: form.when === 'afterRun' ? { kind: 'afterRun' } : { kind: 'schedule', days: form.when === 'chosen' ? { kind: 'chosen', days: form.days.map(Number).sort() } : { kind: form.when }, times },
    recipients,
    rcloneConfig: rcloneConfig || null,
    backend: backendType ? { type: backendType, options: 'value' in options ? options.value : {} } : null,
    checkPercent,
    ...(Object.keys(secretPatch).length > 0 ? { secrets: secretPatch } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(String(issue.path[0] ?? ''));
      errors[field] ??= issue.message;
    }
    return { input: null, errors };
  }
  return { input: parsed.data, errors };
}

const fieldByKey: Record<string, keyof TargetForm> = { backend: 'backendOptions', when: 'times', secrets: 'secrets' };
const fieldOf = (key: string): keyof TargetForm => fieldByKey[key] ?? (key in emptyTargetForm ? (key as keyof TargetForm) : 'label');

/** "Settings not saved: offsite.targets.1.remote: …" from the Director → the field it names (of target `index`). */
export function targetErrorsFromDirector(message: string, index: number): TargetErrors {
  const errors: TargetErrors = {};
  for (const part of message.replace(/^Settings not saved: /, '').split('; ')) {
    const m = /^offsite\.targets\.(\d+)\.(\w+)[^:]*: (.*)$/.exec(part);
    if (m && Number(m[1]) === index) errors[fieldOf(m[2]!)] ??= m[3]!;
  }
  return errors;
}
