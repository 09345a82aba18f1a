import { z } from 'zod';
import { isRequestName, requests, type CallContext, type Handlers, type RequestName } from '../../../shared/contract.js';
import { HotBackupError, type Result } from '../../../shared/result.js';
import { roleAllows, type Identity, type Role } from '../../../shared/roles.js';
import { withoutPaths } from '../access/redact.js';
import { inputRoles, minimumRole, userViews } from '../access/request-roles.js';
import type { Logger } from '../../base/logger.js';
import { errnoWords } from '../../engine/index.js';

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

/** The refusal a caller below a request's minimum role gets: it names the role needed. */
export function refusal(name: RequestName, who: Identity): string {
  const need = minimumRole[name];
  return `${name} needs the ${need} role; ${who.name} is signed in as ${who.role}. Ask an administrator, or sign in with an account that has the ${need} role.`;
}

/**
 * A signed-in account is who it says it is: the user recorded in BACKUP.LOG, HB.LOG task
 * records and notifications is the account, never a name the client typed.
 */
function stampAccount(input: unknown, who: Identity): unknown {
  if (who.kind !== 'account' || input === null || typeof input !== 'object' || !('user' in input)) return input;
  return { ...input, user: who.name };
}

/** An unexpected error in words: a filesystem error names its file and cause, never "ENOENT: …" (the details go to the Director's log). */
function unexpected(err: unknown): string {
  const e = err as NodeJS.ErrnoException | null;
  if (typeof e?.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === 'string') {
    return `${e.path ? `"${e.path}" could not be used: ` : ''}${errnoWords(e)}. Check that the account running HotBackup can use it; the details are in the Director's log.`;
  }
  return e?.message ?? String(err);
}

/**
 * The one registration point: every transport calls this. It checks the name, the caller's
 * role against the request's minimum role, validates the input with the contract's schema,
 * runs the handler and wraps the answer — a handler never throws across the wire.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  ctx: CallContext,
  logger?: Logger,
): Promise<Result<unknown>> {
  if (!isRequestName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_REQUEST', message: `Unknown request ${JSON.stringify(name)}: this Director does not offer it (is the console newer than the Director?)` } };
  }
  if (!roleAllows(ctx.identity.role, minimumRole[name])) {
    logger?.warn(`refused ${name} to ${ctx.identity.name} (${ctx.identity.role}): needs ${minimumRole[name]}`);
    return { ok: false, error: { code: 'FORBIDDEN', message: refusal(name, ctx.identity) } };
  }
  const spec = requests[name as RequestName];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `${name}: ${describe(parsed.error)}` } };
  }
  const raised = (inputRoles[name] as ((i: unknown) => { role: Role; what: string } | null) | undefined)?.(parsed.data);
  if (raised && !roleAllows(ctx.identity.role, raised.role)) {
    logger?.warn(`refused ${name} to ${ctx.identity.name} (${ctx.identity.role}): ${raised.what} needs ${raised.role}`);
    const message = `${name}: ${raised.what} needs the ${raised.role} role; ${ctx.identity.name} is signed in as ${ctx.identity.role}. Ask an administrator, or leave out the other folders and settings.`;
    return { ok: false, error: { code: 'FORBIDDEN', message } };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    const value = await handler(stampAccount(parsed.data, ctx.identity), ctx);
    const view = ctx.identity.role === 'user' ? (userViews[name] as ((v: unknown) => unknown) | undefined) : undefined;
    return { ok: true, value: view ? view(value) : value };
  } catch (err) {
    // A `user` never reads a server path, in an answer or in a refusal.
    const shown = (message: string) => (ctx.identity.role === 'user' ? withoutPaths(message) : message);
    if (err instanceof HotBackupError) return { ok: false, error: { code: err.code, message: shown(err.message) } };
    logger?.error(`request ${name} failed unexpectedly: ${(err as Error)?.stack ?? String(err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: shown(`${name} failed: ${unexpected(err)}`) } };
  }
}
