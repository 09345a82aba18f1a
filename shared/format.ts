// How HotBackup words sizes and durations everywhere (console, CLI, e-mail, tray, errors).
// Pure and locale-independent.

const units = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB", 12 MiB → "12 MB", 734003200 → "700 MB"; whole bytes below 1 KB. Multiples of 1024, named as file managers name them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 45 → "45 s"; 75 → "1 min 15 s"; 3700 → "1 h 1 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}
