import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { AccountName, type Identity, type Role } from '../../../shared/roles.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { ACCOUNTS_FILE, AccountsFile, emptyAccounts, type Account, type ApiToken } from './accounts-file.js';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword, type ScryptParams } from './password-hash.js';

export interface AccountView {
  name: string;
  role: Role;
  hasPassword: boolean;
  createdAt: string;
  tokens: { id: string; label: string; createdAt: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const TOKEN = /^hbt_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

/**
 * The office's accounts, in accounts.json (0600) in the config directory. Read on every
 * sign-in, so `hotbackup user add` on the server takes effect without restarting the Director.
 */
export class AccountStore {
  readonly file: string;
  private dummyHash: string | undefined;
  constructor(
    configDir: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly scryptParams: ScryptParams = DEFAULT_SCRYPT,
  ) {
    this.file = join(configDir, ACCOUNTS_FILE);
  }

  private async read(): Promise<AccountsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyAccounts();
      throw err;
    }
    const parsed = AccountsFile.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new HotBackupError('SETTINGS_INVALID', `${this.file} is damaged (${parsed.error.issues[0]?.message}). Restore it from a backup of the config directory, or move it aside and add the accounts again.`);
    }
    return parsed.data;
  }

  private async write(data: AccountsFile): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n', 0o600);
    await chmod(this.file, 0o600);
  }

  private static find(data: AccountsFile, name: string): Account {
    const a = data.accounts.find((x) => x.name === name);
    if (!a) throw new HotBackupError('NOT_FOUND', `There is no account "${name}". See the accounts with "hotbackup user list".`);
    return a;
  }

  async list(): Promise<AccountView[]> {
    return (await this.read()).accounts.map((a) => ({
      name: a.name,
      role: a.role,
      hasPassword: a.passwordHash !== null,
      createdAt: a.createdAt,
      tokens: a.tokens.map((t) => ({ id: t.id, label: t.label, createdAt: t.createdAt })),
    }));
  }

  async add(name: string, role: Role, password: string | null): Promise<void> {
    const checked = AccountName.safeParse(name);
    if (!checked.success) throw new HotBackupError('BAD_INPUT', `Account name "${name}": ${checked.error.issues[0]?.message}.`);
    if (password !== null) checkPassword(password);
    const data = await this.read();
    if (data.accounts.some((a) => a.name === name)) throw new HotBackupError('CONFLICT', `The account "${name}" exists already. Change its password with "hotbackup user passwd ${name}".`);
    const passwordHash = password === null ? null : await hashPassword(password, this.scryptParams);
    data.accounts.push({ name, role, passwordHash, createdAt: this.clock().toISOString(), tokens: [] });
    await this.write(data);
  }

  async remove(name: string): Promise<void> {
    const data = await this.read();
    AccountStore.find(data, name);
    data.accounts = data.accounts.filter((a) => a.name !== name);
    await this.write(data);
  }

  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password);
    const data = await this.read();
    AccountStore.find(data, name).passwordHash = await hashPassword(password, this.scryptParams);
    await this.write(data);
  }

  async setRole(name: string, role: Role): Promise<void> {
    const data = await this.read();
    AccountStore.find(data, name).role = role;
    await this.write(data);
  }

  /** A new API token for scripts; the returned text is shown once and kept only as a hash. */
  async createToken(name: string, label: string): Promise<{ id: string; token: string }> {
    const data = await this.read();
    const account = AccountStore.find(data, name);
    const id = randomBytes(4).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const entry: ApiToken = { id, label, sha256: sha256(secret), createdAt: this.clock().toISOString() };
    account.tokens.push(entry);
    await this.write(data);
    return { id, token: `hbt_${id}_${secret}` };
  }

  async revokeToken(id: string): Promise<string> {
    const data = await this.read();
    const owner = data.accounts.find((a) => a.tokens.some((t) => t.id === id));
    if (!owner) throw new HotBackupError('NOT_FOUND', `There is no API token ${id}. See the tokens with "hotbackup user token list".`);
    owner.tokens = owner.tokens.filter((t) => t.id !== id);
    await this.write(data);
    return owner.name;
  }

  /** The account as it is now (its role may have changed), or null once removed. */
  async current(name: string): Promise<Identity | null> {
    const a = (await this.read()).accounts.find((x) => x.name === name);
    return a ? { kind: 'account', name: a.name, role: a.role } : null;
  }

  /** The account a password signs in, or null. */
  async checkPassword(name: string, password: string): Promise<Identity | null> {
    const account = (await this.read()).accounts.find((a) => a.name === name);
    if (!account?.passwordHash) {
      // As slow as a wrong password, so the answer's time does not tell which names exist.
      this.dummyHash ??= await hashPassword(randomBytes(16).toString('hex'), this.scryptParams);
      await verifyPassword(password, this.dummyHash);
      return null;
    }
    return (await verifyPassword(password, account.passwordHash)) ? { kind: 'account', name: account.name, role: account.role } : null;
  }

  /** The account an API token belongs to, or null (unknown, revoked, or its account removed). */
  async checkToken(token: string): Promise<Identity | null> {
    const m = TOKEN.exec(token);
    if (!m) return null;
    const digest = Buffer.from(sha256(m[2]!), 'hex');
    for (const a of (await this.read()).accounts) {
      const t = a.tokens.find((x) => x.id === m[1]);
      if (t && timingSafeEqual(Buffer.from(t.sha256, 'hex'), digest)) return { kind: 'account', name: a.name, role: a.role };
    }
    return null;
  }
}

export const isApiToken = (text: string): boolean => TOKEN.test(text);

function checkPassword(password: string): void {
  if (password.length < 8) throw new HotBackupError('BAD_INPUT', 'The password is too short: use at least 8 characters (a passphrase of a few words is best).');
  if (password.length > 1024) throw new HotBackupError('BAD_INPUT', 'The password is longer than 1024 characters.');
}
