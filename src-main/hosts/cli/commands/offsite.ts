import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Bridge } from '../../../../shared/contract.js';
import type { OffsiteCopyRecord } from '../../../../shared/offsite.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { formatCheck, formatCopies, formatCopyResult, formatTargets } from '../offsite-format.js';
import { directorPath } from '../server-path.js';
import { withConnection } from '../with-connection.js';

const print = (json: boolean, value: unknown, text: string) => process.stdout.write((json ? JSON.stringify(value, null, 2) : text) + '\n');

/** Wait until every queued copy has a result newer than `since` (polled: the Director keeps the last 50). */
async function copyResults(bridge: Bridge, queued: { target: string; backupId: string }[], since: string): Promise<OffsiteCopyRecord[]> {
  for (;;) {
    const status = await call(bridge, 'offsite.status', {});
    const found = queued.map((q) => status.recent.find((r) => r.target === q.target && r.backupId === q.backupId && r.ended >= since));
    if (found.every(Boolean)) return found as OffsiteCopyRecord[];
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export function registerOffsiteCommands(program: Command, globals: () => GlobalOptions): void {
  const offsite = program.command('offsite').description('copies of backups on offsite targets (rclone; encrypted with age when the target has recipients)');

  offsite
    .command('list')
    .description('the offsite targets and their last copies, or with --target the copies on that target')
    .option('--target <id>', 'list the copies on this target')
    .option('--json', 'print JSON')
    .action(async (opts: { target?: string; json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        if (opts.target) {
          const l = await call(bridge, 'offsite.list', { target: opts.target });
          return print(!!opts.json, l, formatCopies(l));
        }
        const [settings, status] = [await call(bridge, 'settings.get', {}), await call(bridge, 'offsite.status', {})];
        print(!!opts.json, { targets: settings.offsite.targets, status }, formatTargets(settings.offsite.targets, status));
      });
    });

  offsite
    .command('copy [id]')
    .description('copy a backup (default: the newest successful one) to a target (default: every enabled target), and wait for the result')
    .option('--target <id>', 'only this target')
    .option('--no-wait', 'only queue the copy with the running Director')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { target?: string; wait: boolean; json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge, remote }) => {
        if (!opts.wait && !remote) throw new CliError('No Director is running here to copy in the background: leave out --no-wait (the copy then runs in this command) or start "hotbackup director"', EXIT.BAD_INPUT);
        const since = new Date(Date.now() - 1000).toISOString();
        const { queued } = await call(bridge, 'offsite.copy', { target: opts.target, backupId: id });
        if (!opts.wait) return print(!!opts.json, { queued }, queued.map((q) => `${q.backupId} → ${q.target}: queued`).join('\n'));
        for (const q of queued) process.stderr.write(`copying ${q.backupId} to ${q.target}…\n`);
        const results = await copyResults(bridge, queued, since);
        print(!!opts.json, { results }, results.map(formatCopyResult).join('\n'));
        if (results.some((r) => !r.ok)) throw new CliError(`${results.filter((r) => !r.ok).length} offsite cop${results.filter((r) => !r.ok).length === 1 ? 'y' : 'ies'} failed (above); the local backups are not affected`, EXIT.RUN_FAILED);
      });
    });

  offsite
    .command('test')
    .description('write, read and delete a small file on each target (or --target), and say how copies there are checked')
    .option('--target <id>', 'only this target')
    .option('--json', 'print JSON')
    .action(async (opts: { target?: string; json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const ids = opts.target ? [opts.target] : (await call(bridge, 'settings.get', {})).offsite.targets.map((t) => t.id);
        if (ids.length === 0) throw new CliError('No offsite targets yet: add one in the console\'s Offsite tab', EXIT.BAD_INPUT);
        const results = [];
        for (const target of ids) results.push({ target, ...(await call(bridge, 'offsite.test', { target })) });
        print(!!opts.json, results, results.map((r) => `${r.ok ? 'OK    ' : 'FAILED'} ${r.message}`).join('\n'));
        if (results.some((r) => !r.ok)) throw new CliError('a target could not be reached or written (above)', EXIT.RUN_FAILED);
      });
    });

  offsite
    .command('restore <id>')
    .description('restore a backup from an offsite target into an empty or new folder: fetched, checked against the copy\'s index, decrypted with --key, every file checked against MANIFEST.json')
    .requiredOption('--target <id>', 'the target holding the copy')
    .requiredOption('--to <dir>', 'the folder on the Director\'s machine to restore into (empty or not yet existing)')
    .option('--key <file>', 'the age key file (AGE-SECRET-KEY-1...) of an encrypted copy; read here and sent to the Director for this restore only, never stored')
    .option('--path <glob...>', 'restore only these archive paths; repeatable')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { target: string; to: string; key?: string; path?: string[]; json?: boolean }) => {
      const g = globals();
      const to = directorPath(g, '--to', opts.to, `/srv/restores/${id}`);
      let identity: string | undefined;
      if (opts.key) {
        identity = await readFile(opts.key, 'utf8').catch((e: NodeJS.ErrnoException) => {
          throw new CliError(`--key "${opts.key}" cannot be read (${e.code === 'ENOENT' ? 'there is no such file' : e.code === 'EACCES' ? 'permission denied' : e.message}): give the file holding the AGE-SECRET-KEY-1... line`, EXIT.BAD_INPUT);
        });
      }
      await withConnection(connect, g, async ({ bridge }) => {
        const s = await call(bridge, 'offsite.restore', { target: opts.target, backupId: id, to, identity, paths: opts.path });
        print(!!opts.json, s, `Backup ${s.backupId} restored from "${opts.target}" into ${s.to}: ${s.files} files, ${s.bytes} bytes, ${s.parts} parts fetched and checked; every file matched MANIFEST.json.`);
      });
    });

  offsite
    .command('check [id]')
    .description('check a copy (default: the newest complete one) on each enabled target (or --target) against its OFFSITE.json: sizes and hashes (the remote\'s own where it has them, else downloaded); needs no key; exit 1 when a copy is damaged or incomplete')
    .option('--target <id>', 'only this target')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { target?: string; json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const ids = opts.target ? [opts.target] : (await call(bridge, 'settings.get', {})).offsite.targets.filter((t) => t.enabled).map((t) => t.id);
        if (ids.length === 0) throw new CliError('No enabled offsite target to check: add one in the console\'s Offsite tab', EXIT.BAD_INPUT);
        const results = [];
        for (const target of ids) results.push(await call(bridge, 'offsite.check', { target, backupId: id }));
        print(!!opts.json, results, results.map(formatCheck).join('\n'));
        const bad = results.filter((r) => !r.ok);
        if (bad.length) throw new CliError(`${bad.map((r) => `the copy of ${r.backupId} on "${r.label}"`).join(' and ')} failed the check (above)`, EXIT.RUN_FAILED);
      });
    });

  offsite
    .command('keygen')
    .description('make an age key pair for a target\'s recipients: prints the public key and, once, the secret recovery key (never stored by HotBackup)')
    .action(async () => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge }) => {
        const k = await call(bridge, 'offsite.keygen', {});
        process.stderr.write('The secret key below is shown once and is not stored anywhere. Without it no encrypted copy can be restored.\nSave it (a password manager, a printed sheet in a safe) before using the public key.\n');
        process.stdout.write(`public key: ${k.publicKey}\n${k.secretKey}`);
      });
    });
}
