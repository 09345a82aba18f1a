/** Exit codes of `hotbackup` (documented in README). */
export const EXIT = {
  OK: 0,
  RUN_FAILED: 1,
  BAD_INPUT: 2,
  NO_DIRECTOR: 3,
  /** The Director refused: not signed in, or the account's role is too low. */
  NOT_ALLOWED: 4,
} as const;

/** An error that ends the command with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Map a wire error code to the CLI's exit code. */
export function exitCodeFor(code: string): number {
  if (code === 'BAD_INPUT' || code === 'NOT_FOUND' || code === 'SETTINGS_INVALID' || code === 'UNKNOWN_REQUEST') return EXIT.BAD_INPUT;
  if (code === 'NO_DIRECTOR') return EXIT.NO_DIRECTOR;
  if (code === 'FORBIDDEN' || code === 'UNAUTHORIZED') return EXIT.NOT_ALLOWED;
  return EXIT.RUN_FAILED;
}
