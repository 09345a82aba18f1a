import type { StateCreator } from 'zustand';

export interface NavSlice {
  /** The selected tab's id (see `tabs` in app.tsx). */
  tab: string;
  setTab(tab: string): void;
  /** Set by the first-run prompt: the Data Directories tab opens its "Add" dialog once. */
  addDirectoryRequested: boolean;
  requestAddDirectory(): void;
  clearAddDirectoryRequest(): void;
  /** First run: the admin chose (or kept) the HotBackup folder, so the next step is data directories. */
  setupFolderDone: boolean;
  confirmSetupFolder(): void;
  /** First run: after the first data directory, the remaining steps (schedule, e-mail, back up now) show. */
  setupNext: boolean;
  finishSetup(): void;
}

export const createNavSlice =
  <S extends NavSlice>(): StateCreator<S, [], [], NavSlice> =>
  (set) => ({
    tab: 'overview',
    setTab: (tab) => set({ tab } as Partial<S>),
    addDirectoryRequested: false,
    requestAddDirectory: () => set({ tab: 'data-directories', addDirectoryRequested: true } as Partial<S>),
    clearAddDirectoryRequest: () => set({ addDirectoryRequested: false } as Partial<S>),
    setupFolderDone: false,
    confirmSetupFolder: () => set({ setupFolderDone: true, setupNext: true } as Partial<S>),
    setupNext: false,
    finishSetup: () => set({ setupNext: false } as Partial<S>),
  });
