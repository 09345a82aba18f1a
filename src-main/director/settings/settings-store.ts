import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, Settings, SETTINGS_SCHEMA_VERSION, type SettingsPatch } from '../../../shared/settings.js';
import { HotBackupError } from '../../../shared/result.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { mergeSettingsPatch } from './settings-merge.js';
import { refuseStaleSave } from './settings-stale.js';
import { settingsRevision } from './settings-revision.js';
import { withDataDirectoryIds } from './settings-migrate.js';
import { decodeSettingsBytes, describeSettingsIssues, readSettingsText, refusedIssues } from './settings-read.js';

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
 * A broken file (not JSON, not an object, a wrong shape) is reported with its field and copied
 * aside, never replaced by defaults; see settings-read.ts for values that fail a later check.
 */
export class SettingsStore {
  private current: Settings | null = null;
  /** Recent contents by revision, so a stale save can be told what changed since (see settings-stale.ts). */
  private readonly seen = new Map<string, Settings>();
  /** The last check() changed the file's content (older version, missing data directory IDs). */
  private upgraded = false;
  /** Fields that loaded with a warning (a check added later), with the value they loaded with. */
  private grandfathered: ReadonlyMap<string, string> = new Map();
  /** Warnings from the last load: fields that fail a check added later, used as they are. */
  loadWarnings: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(private readonly opts: SettingsStoreOptions) {
    this.file = join(opts.configDir, SETTINGS_FILE);
  }

  /** Load the file, or create it with defaults when there is none. Throws SettingsInvalidError. */
  async load(): Promise<Settings> {
    await mkdir(this.opts.configDir, { recursive: true, mode: 0o700 });
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const fresh = Settings.parse(defaultSettings(this.opts.platform, this.opts.home));
      await this.write(fresh);
      return this.remember(fresh);
    }
    const decoded = decodeSettingsBytes(bytes);
    const read = decoded.ok ? readSettingsText(decoded.text, Settings.parse(defaultSettings(this.opts.platform, this.opts.home))) : decoded;
    if (!read.ok) {
      const problem = read.problem;
      const keptAt = `${this.file}.bad-${stamp((this.opts.clock ?? (() => new Date()))())}`;
      await copyFile(this.file, keptAt);
      throw new SettingsInvalidError(
        `Settings file ${this.file} is invalid: ${problem}. A copy was kept at ${keptAt}. ` +
          'Correct the file (or remove it to start again from defaults) and start HotBackup again.',
        keptAt,
      );
    }
    this.grandfathered = read.grandfathered;
    this.loadWarnings = read.warnings;
    // An older version (or entries without IDs) is written back in the current version, once.
    if (read.upgraded) {
      // A read-only config directory still loads; the IDs are then written with the next change.
      await copyFile(this.file, `${this.file}.before-v${SETTINGS_SCHEMA_VERSION}`)
        .then(() => this.write(read.settings))
        .catch(() => undefined);
    }
    return this.remember(read.settings);
  }

  private remember(settings: Settings): Settings {
    this.current = settings;
    this.seen.set(settingsRevision(settings), settings);
    // Enough to describe any save a person could still be editing against; older ones get no difference.
    if (this.seen.size > 50) this.seen.delete(this.seen.keys().next().value!);
    return settings;
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
      let next: Settings;
      if (parsed.success) next = parsed.data;
      else {
        // A value that loaded with a warning may stay as it is; any other failing value refuses the edit.
        const refused = refusedIssues(candidate, parsed.error.issues, this.grandfathered);
        if (refused.length > 0) throw new HotBackupError('BAD_INPUT', `Settings not saved: ${describeSettingsIssues(refused)}`);
        next = candidate;
      }
      next.dataDirectories = withDataDirectoryIds(next.dataDirectories, previous.dataDirectories);
      if (check) await check(next, previous);
      await this.write(next);
      return this.remember(next);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(settings: Settings): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(settings, null, 2) + '\n', 0o600);
  }
}
