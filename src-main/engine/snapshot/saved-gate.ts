/**
 * The database entries the stream has to wait for: their snapshot copies are made (in the SQLite
 * helper process) while the entries before them are already being streamed. `expect` each one
 * before the copies start, `saved` as each is complete and checked, `fail` if saving fails:
 * every wait still pending then rejects with that error.
 */
export class SavedGate {
  private readonly waits = new Map<number, { promise: Promise<void>; resolve(): void; reject(err: unknown): void }>();
  /** Every entry expected, saved or not. */
  readonly expected: number[] = [];

  expect(entry: number): void {
    this.expected.push(entry);
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // a wait nobody reached yet must not count as unhandled
    this.waits.set(entry, { promise, resolve, reject });
  }

  /** null when `entry` is not waited for (not a database, or its copy is done). */
  wait(entry: number): Promise<void> | null {
    return this.waits.get(entry)?.promise ?? null;
  }

  saved(entry: number): void {
    this.waits.get(entry)?.resolve();
    this.waits.delete(entry);
  }

  fail(err: unknown): void {
    for (const w of this.waits.values()) w.reject(err);
    this.waits.clear();
  }
}
