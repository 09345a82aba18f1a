/**
 * What differs between two versions of the settings, in words, for "changed in another
 * console" refusals. Secrets never appear: a sealed password is only "changed".
 */

const labels: Record<string, string> = {
  'folder.path': 'HotBackup folder',
  'retention.recent': 'Recent',
  'retention.archive': 'Archive',
  dataDirectories: 'Data directories',
  'engine.compression': 'Compression',
  'engine.volumeSize': 'Volume size',
  'engine.includeUnsettled': 'Include files that keep changing',
  'engine.settleAttempts': 'Read attempts for a changing file',
  'schedule.entries': 'Schedule entries',
  'schedule.suspendedUntil': 'Schedule suspended',
  'schedule.timeZone': 'Schedule time zone',
  'email.server': 'E-mail server',
  'email.messages': 'Notification messages',
};

const SECRET = /passwordSealed$|passwordSet$/;

function show(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v)) return v.length === 1 ? '1 entry' : `${v.length} entries`;
  if (typeof v === 'object') return 'changed';
  return String(v);
}

/** Where two values differ, as dotted paths; arrays and the e-mail server are compared whole. */
function changedPaths(a: unknown, b: unknown, path: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const whole = Array.isArray(a) || Array.isArray(b) || labels[path] === 'E-mail server';
  if (!whole && a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  out.push(path);
}

/** One phrase per changed setting: `Recent: 4 → 2`, `Data directories: 1 entry → 2 entries`, `E-mail server changed`. */
export function settingsDifferences(before: object, after: object): string[] {
  const paths: string[] = [];
  changedPaths(before, after, '', paths);
  return paths
    .filter((p) => p !== 'revision')
    .map((p) => {
      const label = labels[p] ?? p;
      if (SECRET.test(p)) return 'E-mail password changed';
      const get = (o: object) => p.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
      const [was, now] = [show(get(before)), show(get(after))];
      return was === 'changed' || now === 'changed' || was === now ? `${label} changed` : `${label}: ${was} → ${now}`;
    });
}

/** The refusal's words when a save started from settings that have changed since. */
export function staleSaveMessage(differences: string[] | null): string {
  const what = differences === null ? '' : differences.length ? ` (${differences.join('; ')})` : '';
  return (
    `Not saved: the settings were changed in another console (or with the command line) after this form was opened${what}. ` +
    'Look at the current values, then make your change again and save.'
  );
}
