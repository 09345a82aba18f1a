import { z } from 'zod';

/** Error codes that cross the wire. Clients branch on these, never on message text. */
export const errorCodes = [
  'BAD_INPUT',
  'UNKNOWN_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'BUSY',
  'IO_ERROR',
  'SETTINGS_INVALID',
  'NO_DIRECTOR',
  'UNAUTHORIZED',
  /** Signed in, but the account's role is below the request's minimum role. */
  'FORBIDDEN',
  'RUN_FAILED',
  'MAIL_FAILED',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({ code: ErrorCode, message: z.string() });
export type WireError = z.infer<typeof WireError>;

/** The result envelope every request answers with: never a raw throw across the wire. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export const ResultEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);

/** An error a handler throws on purpose: its code and message reach the client unchanged. */
export class HotBackupError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'HotBackupError';
    this.code = code;
  }
}
