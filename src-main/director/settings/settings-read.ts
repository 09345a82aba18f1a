import type { z } from 'zod';
import { Settings, SETTINGS_SCHEMA_VERSION } from '../../../shared/settings.js';
import { migrateSettingsJson, withDataDirectoryIds } from './settings-migrate.js';

/**
 * How a settings file's text reads (pure). A file that is not a settings object is refused;
 * a value that only fails a form check (added by a later release: a path rule, an address
 * format) still loads, with a warning naming the field, so an upgrade never stops
 * scheduled backups. Edits that keep such a value invalid are refused (see `refusedIssues`).
 */
export type SettingsRead =
  | { ok: true; settings: Settings; warnings: string[]; grandfathered: Map<string, string>; upgraded: boolean }
  | { ok: false; problem: string };

/** Issue kinds a value of the right shape gets from a check: never the shape itself. */
const VALUE_CHECKS = new Set(['custom', 'too_small', 'too_big', 'invalid_format', 'not_multiple_of']);

/**
 * Fields whose checks are about form (path rules, address and template formats, zone names),
 * so a value a later release's check rejects is safe to keep using; the run or the mail says
 * what is wrong with it. Counts and sizes (retention, engine, alerts, ports) are not here: a
 * wrong number changes what is deleted or written, so such a file is refused.
 */
const FORM_CHECKED = [/^folder\.path$/, /^dataDirectories\.\d+\.(path|label|exclude(\.\d+)?)$/, /^email\./, /^schedule\.timeZone$/, /^service\.host$/, /^restore\.folder$/, /^offsite\.targets\.\d+\.(label|remote|path|rcloneConfig|recipients(\.\d+)?)$/];

const mayKeep = (i: z.core.$ZodIssue) => VALUE_CHECKS.has(i.code) && FORM_CHECKED.some((re) => re.test(pathKey(i.path)));

const pathKey = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : '(top level)');

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function kindOf(json: unknown): string {
  if (json === null) return 'null';
  if (Array.isArray(json)) return 'a list ([…])';
  return `a ${typeof json}`;
}

/**
 * The file's bytes as text. Bytes that are not UTF-8 (a file saved as Latin-1 by an editor) are
 * refused: decoding them to U+FFFD would silently change a path or an address, and the next
 * write would make that change permanent. A UTF-8 byte-order mark is allowed.
 */
export function decodeSettingsBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstNonUtf8(bytes);
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    return {
      ok: false,
      problem:
        `it is not UTF-8 text (byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} on line ${line} is not UTF-8; ` +
        'the file was perhaps saved as Latin-1 or Windows-1252): save it as UTF-8',
    };
  }
}

function firstNonUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest prefix that decodes (allowing a character cut at the end) ends at the bad byte.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // A prefix ending in a started character points past that character's first byte: name that byte.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo));
    return lo;
  } catch {
    let at = lo;
    while (at > 0 && ((bytes[at - 1] ?? 0) & 0xc0) === 0x80) at -= 1;
    return Math.max(0, at - 1);
  }
}

export function readSettingsText(text: string, defaults: Settings): SettingsRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `it is not valid JSON (${(err as Error).message})` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, problem: `it holds ${kindOf(json)}, not a settings object ({ "schemaVersion": ${SETTINGS_SCHEMA_VERSION}, "folder": …, … })` };
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion ?? SETTINGS_SCHEMA_VERSION;
  const migrated = migrateSettingsJson(json, SETTINGS_SCHEMA_VERSION);
  if (typeof migrated === 'string') return { ok: false, problem: migrated };
  // Sections added by a newer release of this schema version are filled from defaults.
  const merged = { ...defaults, ...(migrated as object), schemaVersion: SETTINGS_SCHEMA_VERSION } as Settings;
  const upgraded = version !== SETTINGS_SCHEMA_VERSION || (Array.isArray(merged.dataDirectories) && merged.dataDirectories.some((d) => !d?.id));
  const withIds = (s: Settings): Settings => ({ ...s, dataDirectories: withDataDirectoryIds(s.dataDirectories) });
  const parsed = Settings.safeParse(merged);
  if (parsed.success) return { ok: true, settings: withIds(parsed.data), warnings: [], grandfathered: new Map(), upgraded };
  const shape = parsed.error.issues.filter((i) => !mayKeep(i));
  if (shape.length > 0) return { ok: false, problem: describe(shape) };
  const grandfathered = new Map(parsed.error.issues.map((i) => [pathKey(i.path), JSON.stringify(valueAt(merged, i.path))]));
  const warnings = parsed.error.issues.map(
    (i) => `settings.json: ${pathKey(i.path)}: ${i.message}. It is used as it is; correct it (the Director refuses other values that fail this check).`,
  );
  return { ok: true, settings: withIds(merged), warnings, grandfathered, upgraded };
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${pathKey(i.path)}: ${i.message}`).join('; ');
}

/**
 * Issues of an edited candidate that refuse the save: every issue except one on a field that
 * loaded with a warning and still holds the very value it loaded with.
 */
export function refusedIssues(candidate: unknown, issues: readonly z.core.$ZodIssue[], grandfathered: ReadonlyMap<string, string>): z.core.$ZodIssue[] {
  return issues.filter((i) => grandfathered.get(pathKey(i.path)) !== JSON.stringify(valueAt(candidate, i.path)));
}

export { describe as describeSettingsIssues };
