import type { Command } from 'commander';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { importCertificate, loadOrCreateCertificate, renewCertificate, TLS_DIR } from '../../client/tls-cert.js';

export function registerTlsCommands(program: Command, globals: () => GlobalOptions): void {
  const tls = program.command('tls').description('the certificate the Director serves on a network address');
  tls
    .command('show')
    .description('print the certificate\'s SHA-256 fingerprint (made at first use)')
    .action(async () => {
      const m = await loadOrCreateCertificate(globals().configDir);
      process.stdout.write(`SHA-256 fingerprint: ${m.fingerprint}\n${m.selfSigned ? 'Self-signed by HotBackup' : "The office's own certificate"} in ${join(globals().configDir, TLS_DIR)}\n`);
    });
  tls
    .command('renew')
    .description('replace the certificate with a new self-signed one; prints the old and new fingerprints')
    .option('--name <host...>', 'extra host names or addresses the certificate is for')
    .action(async (opts: { name?: string[] }) => {
      const r = await renewCertificate(globals().configDir, opts.name ?? []);
      process.stdout.write(`Old SHA-256 fingerprint: ${r.old ?? '(none)'}\nNew SHA-256 fingerprint: ${r.fresh}\n`);
      process.stderr.write('Restart the Director to serve it. Clients that pinned the old one refuse the new one until their user compares the fingerprint and runs "hotbackup server forget HOST:PORT".\n');
    });
  tls
    .command('import')
    .description("serve the office's own certificate (PEM, with its chain) and key instead")
    .requiredOption('--cert <file>', 'certificate (PEM)')
    .requiredOption('--key <file>', 'private key (PEM)')
    .action(async (opts: { cert: string; key: string }) => {
      const r = await importCertificate(globals().configDir, opts.cert, opts.key).catch((err: Error) => {
        throw new CliError(err.message, EXIT.BAD_INPUT);
      });
      process.stdout.write(`Old SHA-256 fingerprint: ${r.old ?? '(none)'}\nNew SHA-256 fingerprint: ${r.fresh}\nRestart the Director to serve it.\n`);
    });
}
