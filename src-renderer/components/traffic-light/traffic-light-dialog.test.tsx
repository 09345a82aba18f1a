// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useApp } from '../../store/store.js';
import { TrafficLightDialog } from './traffic-light-dialog.js';

// jsdom has no CSS.escape, which react-aria's Modal uses to read a CSP nonce.
const g = globalThis as { CSS?: { escape?: (s: string) => string } };
g.CSS ??= {};
g.CSS.escape ??= (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`);

afterEach(() => {
  act(() => useApp.getState().lightAnswer('cancel'));
  cleanup();
});

describe('TrafficLightDialog', () => {
  it('shows "HotBackup Recommended" with the red light and focuses "Make a HotBackup"; Escape means Cancel', async () => {
    render(<TrafficLightDialog />);
    let choice!: Promise<string>;
    act(() => {
      choice = useApp.getState().askLight({ level: 'recommended', wait: 'completed', task: 'Restore 26112601' });
    });
    const dialog = screen.getByRole('alertdialog', { name: 'HotBackup Recommended' });
    expect(screen.getByRole('img', { name: 'Red traffic light' }).getAttribute('src')).toBe('./light-red.svg');
    expect(dialog.textContent).toContain('"Restore 26112601" could lose data if it is interrupted.');
    expect(document.activeElement?.textContent).toBe('Make a HotBackup');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Make a HotBackup', 'Continue without', 'Cancel']);
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    });
    expect(await choice).toBe('cancel');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('a yellow light under "HotBackup Suggested"; "Continue without" answers continue-without', async () => {
    render(<TrafficLightDialog />);
    let choice!: Promise<string>;
    act(() => {
      choice = useApp.getState().askLight({ level: 'suggested', wait: 'started', task: 'Delete 26112601' });
    });
    screen.getByRole('alertdialog', { name: 'HotBackup Suggested' });
    screen.getByRole('img', { name: 'Yellow traffic light' });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Continue without' }));
    });
    expect(await choice).toBe('continue-without');
  });
});
