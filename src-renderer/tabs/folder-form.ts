import { FolderSettings, RestoreSettings, RetentionSettings } from '../../shared/settings.js';
import type { SettingsPatch } from '../../shared/settings.js';

export interface FolderForm {
  path: string;
  recent: string;
  archive: string;
  /** The restore folder (operators restore into new folders inside it); empty = not set. */
  restoreFolder: string;
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
    restoreFolder: form.restoreFolder === '' ? undefined : firstMessage(RestoreSettings.shape.folder.safeParse(form.restoreFolder)),
  };
  for (const k of Object.keys(errors) as (keyof FolderForm)[]) if (!errors[k]) delete errors[k];
  if (Object.keys(errors).length) return { patch: null, errors };
  return {
    patch: {
      folder: { path: form.path },
      retention: { recent: recent as number, archive: archive as number },
      restore: { folder: form.restoreFolder === '' ? null : form.restoreFolder },
    },
    errors,
  };
}

/** "folder.path: …; retention.recent: …; restore.folder: …" from the Director → the same per-field messages. */
export function errorsFromDirector(message: string): FolderErrors {
  const errors: FolderErrors = {};
  const body = message.replace(/^Settings not saved: /, '').replace(/^settings\.update: /, '');
  for (const part of body.split('; ')) {
    const m = /^(folder\.path|retention\.recent|retention\.archive|restore\.folder): (.*)$/.exec(part);
    if (!m) continue;
    const key = ({ 'folder.path': 'path', 'retention.recent': 'recent', 'retention.archive': 'archive', 'restore.folder': 'restoreFolder' } as const)[m[1] as 'folder.path'];
    errors[key] = m[2];
  }
  return errors;
}
