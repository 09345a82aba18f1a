// Folders whose mode and times a restore sets last (writing into a folder changes its time; a
// read-only one would refuse its files), kept compact: every path's bytes in one growing arena,
// mode and time in typed arrays (about the path's length + 20 bytes a folder, no object each).

export class DeferredFolders {
  private arena = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  private ends = new Float64Array(256);
  private modes = new Uint32Array(256);
  private times = new Float64Array(256);
  count = 0;

  push(path: Buffer, mode: number, mtimeSeconds: number): void {
    if (this.used + path.length > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + path.length));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    if (this.count === this.ends.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.ends = grow(this.ends, (n) => new Float64Array(n));
      this.modes = grow(this.modes, (n) => new Uint32Array(n));
      this.times = grow(this.times, (n) => new Float64Array(n));
    }
    path.copy(this.arena, this.used);
    this.used += path.length;
    this.ends[this.count] = this.used;
    this.modes[this.count] = mode;
    this.times[this.count] = mtimeSeconds;
    this.count++;
  }

  /** Last pushed first (a folder's own folder after it). */
  *reversed(): Generator<{ path: Buffer; mode: number; mtime: number }> {
    for (let i = this.count - 1; i >= 0; i--) {
      const start = i === 0 ? 0 : (this.ends[i - 1] as number);
      yield { path: this.arena.subarray(start, this.ends[i] as number), mode: this.modes[i] as number, mtime: this.times[i] as number };
    }
  }
}
