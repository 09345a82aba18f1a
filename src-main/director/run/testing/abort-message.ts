/** What the engine records for a stopped run: the abort reason (see engine abortMessage). */
export function abortMessageOf(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  if (typeof r === 'string' && r) return r;
  if (r instanceof Error && r.message) return r.message;
  return 'stopped by shutdown';
}
