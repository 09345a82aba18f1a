import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  defaultSettings,
  describeIssues,
  Settings,
  SETTINGS_SCHEMA_VERSION,
  type SettingsPatch,
} from '../../shared/settings.js';
import { HotBackupError } from '../../shared/result.js';
import { writeFileAtomic } from '../engine/fs/atomic-write.js';
import { mergeSettingsPatch } from './settings-merge.js';
import { refuseStaleSave } from './settings-stale.js';
import { settingsRevision } from './settings-revision.js';
import { migrateSettingsJson, withDataDirectoryIds } from './settings-migrate.js';

export const SETTINGS_FILE = 'settings.json';

/** A check that may read the disk; throws HotBackupError('BAD_INPUT') to refuse the change. */
export type SettingsCheck = (next: Settings, previous: Settings) => Promise<void>;

export class SettingsInvalidError extends HotBackupError {
  constructor(
    message: string,
    readonly keptAt: string | null,
  ) {
    super('SETTINGS_INVALID', message);
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

export interface SettingsStoreOptions {
  configDir: string;
  platform: NodeJS.Platform;
  home: string;
  clock?: () => Date;
  /** Seals a clear e-mail password for storage (safeStorage or the headless key file). */
  sealSecret?: (plain: string) => string;
}

/**
 * The settings file: one JSON document, validated by the shared schema, written atomically.
 * A broken file is reported with its field and copied aside, never replaced by defaults.
 */
export class SettingsStore {
  private current: Settings | null = null;
  /** Recent contents by revision, so a stale save can be told what changed since (see settings-stale.ts). */
  private readonly seen = new Map<string, Settings>();
  /** The last check() changed the file's content (older version, missing data directory IDs). */
  private upgraded = false;
  private queue: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(private readonly opts: SettingsStoreOptions) {
    this.file = join(opts.configDir, SETTINGS_FILE);
  }

  /** Load the file, or create it with defaults when there is none. Throws SettingsInvalidError. */
  async load(): Promise<Settings> {
    await mkdir(this.opts.configDir, { recursive: true, mode: 0o700 });
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const fresh = Settings.parse(defaultSettings(this.opts.platform, this.opts.home));
      await this.write(fresh);
      return this.remember(fresh);
    }
    const problem = this.check(text);
    if (typeof problem === 'string') {
      const keptAt = `${this.file}.bad-${stamp((this.opts.clock ?? (() => new Date()))())}`;
      await copyFile(this.file, keptAt);
      throw new SettingsInvalidError(
        `Settings file ${this.file} is invalid: ${problem}. A copy was kept at ${keptAt}. ` +
          'Correct the file (or remove it to start again from defaults) and start HotBackup again.',
        keptAt,
      );
    }
    // An older version (or entries without IDs) is written back in the current version, once.
    if (this.upgraded) {
      // A read-only config directory still loads; the IDs are then written with the next change.
      await copyFile(this.file, `${this.file}.before-v${SETTINGS_SCHEMA_VERSION}`)
        .then(() => this.write(problem))
        .catch(() => undefined);
    }
    return this.remember(problem);
  }

  private remember(settings: Settings): Settings {
    this.current = settings;
    this.seen.set(settingsRevision(settings), settings);
    // Enough to describe any save a person could still be editing against; older ones get no difference.
    if (this.seen.size > 50) this.seen.delete(this.seen.keys().next().value!);
    return settings;
  }

  private check(text: string): Settings | string {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return `it is not valid JSON (${(err as Error).message})`;
    }
    const version = json && typeof json === 'object' && 'schemaVersion' in json ? json.schemaVersion : SETTINGS_SCHEMA_VERSION;
    json = migrateSettingsJson(json, SETTINGS_SCHEMA_VERSION);
    if (typeof json === 'string') return json;
    // Sections added by a newer release of this schema version are filled from defaults.
    const defaults = defaultSettings(this.opts.platform, this.opts.home);
    const merged = json && typeof json === 'object' ? { ...defaults, ...json } : json;
    const parsed = Settings.safeParse(merged);
    if (!parsed.success) return describeIssues(parsed.error);
    this.upgraded = version !== SETTINGS_SCHEMA_VERSION || parsed.data.dataDirectories.some((d) => !d.id);
    return { ...parsed.data, dataDirectories: withDataDirectoryIds(parsed.data.dataDirectories) };
  }

  get(): Settings {
    if (!this.current) throw new Error('SettingsStore.get() before load()');
    return this.current;
  }

  /** Apply a validated partial update; nothing is written unless the whole result is valid. */
  update(patch: SettingsPatch, check?: SettingsCheck): Promise<Settings> {
    const { baseRevision, ...change } = patch;
    return this.mutate((s) => {
      if (baseRevision !== undefined) refuseStaleSave(baseRevision, s, this.seen);
      return mergeSettingsPatch(s, change, this.opts.sealSecret);
    }, check);
  }

  /**
   * Change the settings through a function; serialised so two writers never interleave.
   * `check` may look at the disk (paths exist, are writable) and throws to refuse.
   */
  mutate(fn: (current: Settings) => Settings, check?: SettingsCheck): Promise<Settings> {
    const next = this.queue.then(async () => {
      const previous = this.get();
      const candidate = fn(structuredClone(previous));
      const parsed = Settings.safeParse(candidate);
      if (!parsed.success) throw new HotBackupError('BAD_INPUT', `Settings not saved: ${describeIssues(parsed.error)}`);
      parsed.data.dataDirectories = withDataDirectoryIds(parsed.data.dataDirectories, previous.dataDirectories);
      if (check) await check(parsed.data, previous);
      await this.write(parsed.data);
      return this.remember(parsed.data);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(settings: Settings): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(settings, null, 2) + '\n', 0o600);
  }
}
