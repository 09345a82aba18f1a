import { create } from 'zustand';
import type { Bridge } from '../../shared/contract.js';
import type { ConnectionState } from '../bridge/ws-bridge.js';
import type { About } from '../../shared/about.js';
import type { PublicSettings } from '../../shared/settings.js';
import type { StatusSnapshot } from '../../shared/status.js';
import { createVaultSlice, type VaultSlice } from './vault-slice.js';
import { createLightSlice, type LightSlice } from './light-slice.js';
import { createNavSlice, type NavSlice } from './nav-slice.js';
import { createOverviewSlice, type OverviewSlice } from './overview-slice.js';
import { createScheduleSlice, type ScheduleSlice } from './schedule-slice.js';
import { createOffsiteSlice, type OffsiteSlice } from './offsite-slice.js';


export interface StatusSlice {
  status: StatusSnapshot | null;
  setStatus(s: StatusSnapshot): void;
}
export interface SettingsSlice {
  settings: PublicSettings | null;
  setSettings(s: PublicSettings): void;
}
export interface UiSlice {
  /** Who this console is signed in as, and the certificate's fingerprint (About). */
  about: About | null;
  setAbout(a: About): void;
  connection: ConnectionState;
  loadError: string | null;
  setConnection(c: ConnectionState): void;
  setLoadError(e: string | null): void;
}

export type AppState = StatusSlice & SettingsSlice & UiSlice & LightSlice & NavSlice & ScheduleSlice & VaultSlice & OverviewSlice & OffsiteSlice;

/** One store in slices; Director events are fed in once at boot (see boot.ts), outside React. */
export const useApp = create<AppState>()((set, get, api) => ({
  ...createLightSlice<AppState>(getBridge)(set, get, api),
  ...createNavSlice<AppState>()(set, get, api),
  ...createScheduleSlice<AppState>(getBridge)(set, get, api),
  ...createVaultSlice(set, get, api),
  ...createOverviewSlice<AppState>(getBridge)(set, get, api),
  ...createOffsiteSlice<AppState>(getBridge)(set, get, api),
  status: null,
  setStatus: (status) => set({ status }),
  settings: null,
  setSettings: (settings) => set({ settings }),
  about: null,
  setAbout: (about) => set({ about }),
  connection: 'connecting',
  loadError: null,
  setConnection: (connection) => set({ connection }),
  setLoadError: (loadError) => set({ loadError }),
}));

let bridge: Bridge | null = null;
export const setBridge = (b: Bridge) => {
  bridge = b;
};
/** The Bridge picked at boot; components call requests through it. */
export function getBridge(): Bridge {
  if (!bridge) throw new Error('The Bridge is not set up yet');
  return bridge;
}
