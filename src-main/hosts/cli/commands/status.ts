import type { Command } from 'commander';
import type { StatusSnapshot } from '../../../../shared/status.js';
import { call } from '../call.js';
import { connect } from '../connect.js';
import type { GlobalOptions } from '../global-options.js';
import { withConnection } from '../with-connection.js';

export function formatStatus(s: StatusSnapshot, directorRunning: boolean): string {
  const lines = [`Status: ${s.status}${s.phase ? ` — ${s.phase}` : ''}`];
  if (s.run) {
    const p = s.run.progress;
    lines.push(`Run: ${s.run.id ?? '(not yet named)'} ${s.run.trigger}${s.run.user ? ` by ${s.run.user}` : ''}, ${p.percent.toFixed(0)}%`);
  }
  if (s.lastRun) {
    const l = s.lastRun;
    lines.push(`Last run: ${l.id ?? '-'} ${l.result} at ${l.endedAt}${l.error ? ` — ${l.error}` : ''}`);
  }
  for (const w of s.warnings) lines.push(`Warning: ${w}`);
  if (!directorRunning) lines.push('Director: not running (start it with "hotbackup director")');
  return lines.join('\n');
}

export function registerStatusCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show what HotBackup is doing now and how the last run ended')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const g = globals();
      await withConnection(connect, g, async ({ bridge, remote }) => {
        const status = await call(bridge, 'status.get', {});
        if (opts.json) process.stdout.write(JSON.stringify({ ...status, directorRunning: remote }, null, 2) + '\n');
        else process.stdout.write(formatStatus(status, remote) + '\n');
      });
    });
}
