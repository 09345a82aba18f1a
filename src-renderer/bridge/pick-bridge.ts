import type { Bridge } from '../../shared/contract.js';
import { createWsBridge } from './ws-bridge.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    hotbackup?: Bridge;
  }
}

/** The Electron preload's bridge when present, else a WebSocket back to the Director that served this page. */
export function pickBridge(): Bridge {
  if (window.hotbackup) return window.hotbackup;
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (token) sessionStorage.setItem('hotbackup.token', token);
  const saved = token ?? sessionStorage.getItem('hotbackup.token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsBridge(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(saved)}`, saved);
}
