/** Exit codes of `hotbackup` (documented in README). */
export const EXIT = {
  OK: 0,
  RUN_FAILED: 1,
  BAD_INPUT: 2,
  NO_DIRECTOR: 3,
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
  return EXIT.RUN_FAILED;
}
