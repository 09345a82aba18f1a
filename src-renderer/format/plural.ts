/** "1 HotBackup", "3 HotBackups", "0 HotBackups": the count with its noun, agreeing. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
