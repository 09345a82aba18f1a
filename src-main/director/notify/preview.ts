import { unknownPlaceholders, type NotifyPreviewInput, type NotifyPreviewOutput } from '../../../shared/notify.js';
import { HotBackupError } from '../../../shared/result.js';
import type { NotifyDeps } from './notify-deps.js';
import { placeholderValues, renderMessage, sampleRun } from './render.js';

/** Render a saved message or a draft with a sample run. */
export async function previewMessage(deps: NotifyDeps, input: NotifyPreviewInput): Promise<NotifyPreviewOutput> {
  const settings = deps.settings();
  let templates: { subject: string; body: string };
  let kind = input.sample;
  if (input.messageId !== undefined) {
    const m = settings.email.messages.find((x) => x.id === input.messageId);
    if (!m) {
      const known = settings.email.messages.map((x) => `${x.id} ("${x.name}")`).join(', ') || 'none';
      throw new HotBackupError('NOT_FOUND', `No e-mail message with id "${input.messageId}"; the saved messages are: ${known}.`);
    }
    templates = m;
    kind ??= m.when === 'failure' ? 'failure' : 'success';
  } else {
    templates = input.draft!;
    kind ??= 'failure';
  }
  const values = placeholderValues(sampleRun(kind, settings.folder.path), await deps.env());
  const rendered = renderMessage(templates, values);
  const unknown = [...new Set([...unknownPlaceholders(templates.subject), ...unknownPlaceholders(templates.body)])];
  return { ...rendered, sample: kind, unknownPlaceholders: unknown };
}
