import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem, TrayModel } from './tray-model.js';

export interface TrayView {
  show(model: TrayModel): void;
  destroy(): void;
}

/** tray-<name>.png (16 px) with tray-<name>@2x.png beside it for high-DPI screens. */
export const trayIconFile = (iconDir: string, icon: string): string => join(iconDir, `tray-${icon}.png`);

function toMenuItem(item: TrayMenuItem, onAction: (a: TrayAction) => void): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  if (item.kind === 'info') return { label: item.label, enabled: false };
  return {
    label: item.label,
    enabled: item.enabled,
    ...(item.checked !== undefined ? { type: 'checkbox', checked: item.checked } : {}),
    click: () => onAction(item.action),
  };
}

/** The tray icon: applies a TrayModel, touching only what changed. */
export function createTray(iconDir: string, onAction: (a: TrayAction) => void): TrayView {
  const tray = new Tray(nativeImage.createFromPath(trayIconFile(iconDir, 'idle')));
  // A click opens the console on Windows (and Linux trays that report clicks); on macOS a
  // click opens the menu, as users expect there.
  if (process.platform !== 'darwin') tray.on('click', () => onAction('open'));
  let icon = 'idle';
  let tooltip = '';
  let menu = '';
  return {
    show(model) {
      if (tray.isDestroyed()) return;
      if (model.icon !== icon) {
        icon = model.icon;
        tray.setImage(nativeImage.createFromPath(trayIconFile(iconDir, icon)));
      }
      if (model.tooltip !== tooltip) {
        tooltip = model.tooltip;
        tray.setToolTip(tooltip);
      }
      const items = JSON.stringify(model.items);
      if (items !== menu) {
        menu = items;
        tray.setContextMenu(Menu.buildFromTemplate(model.items.map((i) => toMenuItem(i, onAction))));
      }
    },
    destroy: () => tray.destroy(),
  };
}
