import type { PublicSettings, SettingsPatch } from '../../../shared/settings.js';
import { CliError, EXIT } from './exit-codes.js';

/** Read a dotted key (`retention.recent`, `email.server.host`) from the settings. */
export function getDotted(settings: unknown, key: string): unknown {
  let value: unknown = settings;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || !(part in value)) {
      throw new CliError(`Unknown settings key "${key}". Run "hotbackup settings get" to see every key.`, EXIT.BAD_INPUT);
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A command-line value: JSON when it parses (numbers, booleans, arrays), else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Turn `KEY VALUE` into a settings patch: the key's top-level section, with the value set
 * at its place inside the current section (so deeper keys keep their siblings).
 */
export function patchForKey(current: PublicSettings, key: string, value: unknown): SettingsPatch {
  const parts = key.split('.');
  const top = parts[0]!;
  if (top === 'schemaVersion' || top === 'revision' || !(top in current)) {
    throw new CliError(`"${key}" cannot be set. Settable sections: folder, retention, dataDirectories, engine, schedule, email, service, alerts, restore, offsite.`, EXIT.BAD_INPUT);
  }
  if (key === 'email.server.passwordSet') {
    throw new CliError('Set the e-mail password with "hotbackup settings set email.server.password SECRET".', EXIT.BAD_INPUT);
  }
  const isPassword = key === 'email.server.password';
  if (!isPassword) getDotted(current, key);
  if (parts.length === 1) return { [top]: value } as SettingsPatch;
  const section = structuredClone((current as Record<string, unknown>)[top]) as Record<string, unknown>;
  let node = section;
  for (const part of parts.slice(1, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
  if (top === 'email') {
    const server = section.server as Record<string, unknown>;
    delete server.passwordSet;
    if (!isPassword) delete server.password;
    return { email: parts[1] === 'server' ? { server } : { messages: section.messages } } as SettingsPatch;
  }
  return { [top]: section } as SettingsPatch;
}
