import { watch, type FSWatcher } from 'node:fs';

/**
 * Development only: call `reload` once the renderer build in `dir` settles after a change
 * (`vite build --watch` rewrites index.html last). Returns the stop function.
 */
export function watchRendererBuild(dir: string, reload: () => void, settleMs = 300): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, (_event, file) => {
      if (file !== 'index.html') return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, settleMs);
    });
  } catch {
    return () => undefined; // no renderer build yet: nothing to watch
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
