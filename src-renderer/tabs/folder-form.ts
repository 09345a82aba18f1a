import { FolderSettings, RetentionSettings } from '../../shared/settings.js';
import type { SettingsPatch } from '../../shared/settings.js';

export interface FolderForm {
  path: string;
  recent: string;
  archive: string;
}

export type FolderErrors = Partial<Record<keyof FolderForm, string>>;

function parseCount(text: string): number | string {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string | undefined {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

/** Check the Folder tab's fields with the shared schema: a patch to save, or a message per wrong field. */
export function checkFolderForm(form: FolderForm): { patch: SettingsPatch | null; errors: FolderErrors } {
  const recent = parseCount(form.recent);
  const archive = parseCount(form.archive);
  const errors: FolderErrors = {
    path: firstMessage(FolderSettings.shape.path.safeParse(form.path)),
    recent: firstMessage(RetentionSettings.shape.recent.safeParse(recent)),
    archive: firstMessage(RetentionSettings.shape.archive.safeParse(archive)),
  };
  for (const k of Object.keys(errors) as (keyof FolderForm)[]) if (!errors[k]) delete errors[k];
  if (Object.keys(errors).length) return { patch: null, errors };
  return {
    patch: { folder: { path: form.path }, retention: { recent: recent as number, archive: archive as number } },
    errors,
  };
}

/** "folder.path: …; retention.recent: …" from the Director → the same per-field messages. */
export function errorsFromDirector(message: string): FolderErrors {
  const errors: FolderErrors = {};
  const body = message.replace(/^Settings not saved: /, '').replace(/^settings\.update: /, '');
  for (const part of body.split('; ')) {
    const m = /^(folder\.path|retention\.recent|retention\.archive): (.*)$/.exec(part);
    if (!m) continue;
    const key = m[1] === 'folder.path' ? 'path' : m[1] === 'retention.recent' ? 'recent' : 'archive';
    errors[key] = m[2];
  }
  return errors;
}
