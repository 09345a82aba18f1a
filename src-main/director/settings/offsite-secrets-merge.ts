import type { OffsiteTarget, OffsiteTargetInput } from '../../../shared/offsite-settings.js';
import { HotBackupError } from '../../../shared/result.js';

/**
 * The targets a client saved, with their secrets sealed: a target keeps the sealed secrets of
 * the target with the same ID before the edit; a secret given in clear is sealed, one given as
 * null or '' is removed.
 */
export function mergeOffsiteTargets(previous: readonly OffsiteTarget[], input: readonly OffsiteTargetInput[], sealSecret?: (plain: string) => string): OffsiteTarget[] {
  return input.map(({ secrets, ...t }) => {
    const sealed: Record<string, string> = { ...(previous.find((p) => p.id === t.id)?.secretsSealed ?? {}) };
    for (const [key, value] of Object.entries(secrets ?? {})) {
      if (value === null || value === '') delete sealed[key];
      else {
        if (!sealSecret) throw new HotBackupError('INTERNAL', `Cannot store the secret "${key}" of offsite target "${t.label}": no secret store is configured.`);
        sealed[key] = sealSecret(value);
      }
    }
    return { ...t, secretsSealed: sealed };
  });
}
