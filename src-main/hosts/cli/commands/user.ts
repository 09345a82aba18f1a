import { Option, type Command } from 'commander';
import { HotBackupError } from '../../../../shared/result.js';
import { roles, type Role } from '../../../../shared/roles.js';
import { AccountStore } from '../../../director/accounts/account-store.js';
import { CliError, EXIT, exitCodeFor } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import { readNewPassword } from '../read-password.js';

// Accounts are kept in the config directory: these commands run on the Director's machine,
// by someone who can read it (the same person the config directory's token makes admin).

async function accountsDo<T>(g: GlobalOptions, body: (store: AccountStore) => Promise<T>): Promise<T> {
  try {
    return await body(new AccountStore(g.configDir));
  } catch (err) {
    if (err instanceof HotBackupError) throw new CliError(err.message, exitCodeFor(err.code));
    throw err;
  }
}

const roleOption = () => new Option('--role <role>', 'user (ask for backups, see progress), operator (also back up now, cancel, verify, restore to a new folder) or admin (everything)').choices(roles);

export function registerUserCommands(program: Command, globals: () => GlobalOptions): void {
  const user = program.command('user').description('accounts that sign in from other computers (run on the Director\'s machine)');
  user
    .command('add <name>')
    .description('add an account; the password is asked twice, or read from standard input')
    .addOption(roleOption().makeOptionMandatory())
    .option('--no-password', 'no password: the account signs in with API tokens only')
    .action(async (name: string, opts: { role: Role; password: boolean }) => {
      const g = globals();
      const password = opts.password ? await readNewPassword(g.passwordStdin, name) : null;
      await accountsDo(g, (s) => s.add(name, opts.role, password));
      process.stdout.write(`Added ${name} (${opts.role}).\n`);
    });
  user
    .command('list')
    .description('list the accounts, their roles and API tokens')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const g = globals();
      const list = await accountsDo(g, (s) => s.list());
      if (opts.json) {
        process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      if (!list.length) process.stdout.write('No accounts yet. Add one: hotbackup user add NAME --role user\n');
      for (const a of list) {
        process.stdout.write(`${a.name}  ${a.role}${a.hasPassword ? '' : '  (API tokens only)'}  since ${a.createdAt.slice(0, 10)}\n`);
        for (const t of a.tokens) process.stdout.write(`    token ${t.id}  ${t.label || '(no label)'}  created ${t.createdAt.slice(0, 10)}\n`);
      }
    });
  user
    .command('remove <name>')
    .description('remove an account and its API tokens')
    .action(async (name: string) => {
      await accountsDo(globals(), (s) => s.remove(name));
      process.stdout.write(`Removed ${name}. Connections it has open end when they next reconnect; restart the Director to end them now.\n`);
    });
  user
    .command('passwd <name>')
    .description('set an account\'s password')
    .action(async (name: string) => {
      const g = globals();
      const password = await readNewPassword(g.passwordStdin, name);
      await accountsDo(g, (s) => s.setPassword(name, password));
      process.stdout.write(`Password of ${name} changed.\n`);
    });
  user
    .command('role <name>')
    .description('change an account\'s role')
    .addOption(roleOption().makeOptionMandatory())
    .action(async (name: string, opts: { role: Role }) => {
      await accountsDo(globals(), (s) => s.setRole(name, opts.role));
      process.stdout.write(`${name} is now ${opts.role}.\n`);
    });

  const token = user.command('token').description('API tokens for scripts on workstations (instead of passwords)');
  token
    .command('create <name>')
    .description('make an API token for an account; it is printed once')
    .option('--label <text>', 'what the token is for (e.g. the PC or script)', '')
    .action(async (name: string, opts: { label: string }) => {
      const made = await accountsDo(globals(), (s) => s.createToken(name, opts.label));
      process.stdout.write(`${made.token}\n`);
      process.stderr.write(`API token ${made.id} for ${name}: keep it like a password; it is not shown again. Revoke it with "hotbackup user token revoke ${made.id}".\n`);
    });
  token
    .command('list [name]')
    .description('list API tokens (of one account, or all)')
    .action(async (name: string | undefined) => {
      const list = await accountsDo(globals(), (s) => s.list());
      const shown = list.filter((a) => !name || a.name === name);
      if (name && !shown.length) throw new CliError(`There is no account "${name}".`, EXIT.BAD_INPUT);
      for (const a of shown) for (const t of a.tokens) process.stdout.write(`${t.id}  ${a.name}  ${t.label || '(no label)'}  created ${t.createdAt.slice(0, 10)}\n`);
    });
  token
    .command('revoke <id>')
    .description('revoke an API token')
    .action(async (id: string) => {
      const owner = await accountsDo(globals(), (s) => s.revokeToken(id));
      process.stdout.write(`Revoked API token ${id} of ${owner}.\n`);
    });
}
