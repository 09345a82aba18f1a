import { z } from 'zod';
import { isRequestName, requests, type CallContext, type Handlers, type RequestName } from '../../shared/contract.js';
import { HotBackupError, type Result } from '../../shared/result.js';
import type { Logger } from './logger.js';

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

/**
 * The one registration point: every transport calls this. It checks the name, validates
 * the input with the contract's schema, runs the handler and wraps the answer — a handler
 * never throws across the wire.
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
  const spec = requests[name as RequestName];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `${name}: ${describe(parsed.error)}` } };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof HotBackupError) return { ok: false, error: { code: err.code, message: err.message } };
    logger?.error(`request ${name} failed unexpectedly: ${(err as Error)?.stack ?? String(err)}`);
    return { ok: false, error: { code: 'INTERNAL', message: `${name} failed: ${(err as Error)?.message ?? String(err)}` } };
  }
}
