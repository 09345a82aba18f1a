import type { ParsedInput, RequestName, RequestOutput } from '../../../shared/contract.js';
import type { Role } from '../../../shared/roles.js';
import { lightForUser, overviewForUser, statusForUser } from './redact.js';

/**
 * The minimum role of every request: the one table the dispatch point checks. Typed as a
 * mapped type over the contract, so a request added without a role here does not compile.
 */
export const minimumRole: { readonly [K in RequestName]: Role } = {
  'status.get': 'user',
  // Health for everyone; a user's answer has no paths (see userViews).
  'overview.get': 'user',
  'about.get': 'user',
  'backup.request': 'user',
  // A user may end only the tasks they began (checked in the handler against the caller).
  'task.begin': 'user',
  'task.end': 'user',
  'task.list': 'operator',
  'backup.start': 'operator',
  'run.cancel': 'operator',
  'settings.get': 'operator',
  'settings.retentionPreview': 'operator',
  'settings.excludeReport': 'operator',
  'schedule.list': 'operator',
  'vault.list': 'operator',
  'history.list': 'operator',
  'vault.show': 'operator',
  'vault.manifest': 'operator',
  'vault.browse': 'operator',
  // The file's bytes go to the caller, never to a server path: an operator may take a copy.
  'vault.downloadTicket': 'operator',
  'vault.verify': 'operator',
  'notify.preview': 'operator',
  // Into a new folder the Director names inside the admin's restore folder: no client path.
  'vault.restoreNew': 'operator',
  // Restore writes to a server path the client names.
  'vault.restore': 'admin',
  'vault.restoreOver': 'admin',
  'vault.delete': 'admin',
  'settings.update': 'admin',
  // Tells what the server's disks hold: for whoever may choose the HotBackup folder.
  'folder.check': 'admin',
  // Makes the drive now at the HotBackup folder trusted for every later run.
  'drive.adopt': 'admin',
  'schedule.add': 'admin',
  'schedule.remove': 'admin',
  'schedule.suspend': 'admin',
  'schedule.resume': 'admin',
  'notify.test': 'admin',
  'offsite.status': 'operator',
  'offsite.list': 'operator',
  // Sends a backup already made to a target the admin set up: like Back Up Now.
  'offsite.copy': 'operator',
  // May carry a candidate target's credentials and reach any host: for whoever sets targets up.
  'offsite.test': 'admin',
  // Writes to a server path the client names.
  'offsite.restore': 'admin',
  'offsite.keygen': 'admin',
  // Reads a copy on a target (downloads parts where the remote has no hash); writes nothing.
  'offsite.check': 'operator',
  // Lists a copy's file names (an encrypted one's with the pasted key): for whoever may restore it.
  'offsite.manifest': 'admin',
};

/** A part of a request's input that needs more than the request's minimum role, and what it is in words. */
export interface InputRole {
  role: Role;
  what: string;
}

/**
 * Inputs that need a higher role than their request: checked at the same dispatch point, after
 * the input is parsed. A one-off run's folders are server paths of the client's choosing (an
 * operator could back up the config directory, with its admin token, into the Vault and download
 * it); its engine options change settings for that run.
 */
export const inputRoles: { readonly [K in RequestName]?: (input: ParsedInput<K>) => InputRole | null } = {
  'backup.start': (input) =>
    input.overrides ? { role: 'admin', what: 'a run with other data directories, HotBackup folder or engine settings than the saved ones' } : null,
};

/** Answers a `user` sees narrowed (no server paths); every other answer is the same for all roles. */
export const userViews: { readonly [K in RequestName]?: (out: RequestOutput<K>) => RequestOutput<K> } = {
  'status.get': statusForUser,
  'overview.get': overviewForUser,
  'backup.request': lightForUser,
};
