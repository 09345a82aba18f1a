import type { Handlers } from '../../../shared/contract.js';
import { HotBackupError } from '../../../shared/result.js';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import type { DirectorServices } from '../services.js';
import { mergeOffsiteTargets } from '../settings/offsite-secrets-merge.js';
import { checkCopy } from '../offsite/offsite-check.js';
import { generateKeyPair } from '../offsite/offsite-keygen.js';
import { copyView, listCopies } from '../offsite/offsite-list.js';
import { testTarget } from '../offsite/offsite-test.js';
import { offsiteManifest } from '../offsite/offsite-manifest.js';
import { join } from 'node:path';
import { openTarget } from '../offsite/rclone.js';
import { offsiteWorkDir, type OffsiteService } from '../offsite/offsite-service.js';

type OffsiteHandlers = Pick<Handlers, 'offsite.status' | 'offsite.list' | 'offsite.copy' | 'offsite.test' | 'offsite.restore' | 'offsite.keygen' | 'offsite.check' | 'offsite.manifest'>;

export function savedTarget(d: DirectorServices, id: string): OffsiteTarget {
  const t = d.settings.get().offsite.targets.find((x) => x.id === id);
  if (!t) throw new HotBackupError('NOT_FOUND', `No offsite target "${id}": the targets are ${d.settings.get().offsite.targets.map((x) => `"${x.id}"`).join(', ') || 'none yet'}; add one in the Offsite tab`);
  return t;
}

export const offsiteHandlers = (d: DirectorServices, offsite: OffsiteService): OffsiteHandlers => ({
  'offsite.status': async () => offsite.status(),
  'offsite.list': async ({ target }) => {
    const t = await openTarget(savedTarget(d, target), offsiteWorkDir(d.configDir), (s) => d.secrets.open(s));
    try {
      const copies = await listCopies(t).catch((err: unknown) => {
        throw new HotBackupError('IO_ERROR', (err as Error).message);
      });
      offsite.noteOnTarget(target, copies.filter((c) => c.index).map((c) => c.backupId));
      return { target, copies: copies.map(copyView) };
    } finally {
      await t.close();
    }
  },
  'offsite.copy': async (input) => ({ queued: await offsite.copyNow(input.target, input.backupId) }),
  'offsite.test': async (input) => {
    const target = input.target !== undefined ? savedTarget(d, input.target) : mergeOffsiteTargets(d.settings.get().offsite.targets, [input.candidate!], (p) => d.secrets.seal(p))[0]!;
    const t = await openTarget(target, offsiteWorkDir(d.configDir), (s) => d.secrets.open(s));
    try {
      return await testTarget(t);
    } finally {
      await t.close();
    }
  },
  'offsite.restore': async (input, ctx) => offsite.restore(input, ctx.identity.name),
  'offsite.keygen': async () => generateKeyPair(d.clock),
  'offsite.check': async ({ target, backupId }) => {
    const t = await openTarget(savedTarget(d, target), offsiteWorkDir(d.configDir), (s) => d.secrets.open(s));
    try {
      const r = await checkCopy(t, backupId).catch((err: unknown) => {
        if (err instanceof HotBackupError) throw err;
        throw new HotBackupError('IO_ERROR', (err as Error).message);
      });
      d.logger[r.ok ? 'info' : 'warn'](`offsite check of ${r.backupId} on "${r.label}": ${r.ok ? `${r.files.length} files match OFFSITE.json` : r.problems.join('; ')}`);
      return r;
    } finally {
      await t.close();
    }
  },
  'offsite.manifest': async (input) =>
    offsiteManifest({
      ...input,
      target: savedTarget(d, input.target),
      workDir: offsiteWorkDir(d.configDir),
      openSecret: (s) => d.secrets.open(s),
      restoreRoot: join(d.home, 'HotBackup Restores'),
      configured: d.settings.get().dataDirectories,
    }),
});
