import { z } from 'zod';

/**
 * Who may do what. `user`: ask for a backup (traffic light), see progress and the last
 * result. `operator`: also back up now, cancel, verify, restore into a new folder, see
 * everything but secrets. `admin`: everything.
 */
export const roles = ['user', 'operator', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

const rank: Record<Role, number> = { user: 0, operator: 1, admin: 2 };

/** True when `have` is at least `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return rank[have] >= rank[need];
}

/**
 * Who a connection acts for. `local`: the config directory's token or an in-process
 * client on the Director's own machine (always admin, the user label is the caller's);
 * `account`: a signed-in account (password or API token), whose name is the user label.
 */
export const Identity = z.object({
  kind: z.enum(['local', 'account']),
  /** The account name; for `local`, a description such as "local (config directory token)". */
  name: z.string(),
  role: Role,
});
export type Identity = z.infer<typeof Identity>;

export const localAdmin = (how: string): Identity => ({ kind: 'local', name: `local (${how})`, role: 'admin' });

/** Account names: what `hotbackup user add NAME` accepts. */
export const AccountName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'use 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit' });
