import { describe, expect, it } from 'vitest';
import { KIOSK_PATH, kioskRedirect, releaseKiosk, type LockStorage } from './mode';

function storage(): LockStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('kiosk lock', () => {
  it('a tab that opens the kiosk is held there: every other screen leads back, even after a reload', () => {
    const tab = storage();
    expect(kioskRedirect('/', tab, false)).toBeUndefined();
    expect(kioskRedirect('/kiosk', tab, false)).toBeUndefined();
    for (const path of ['/', '/cache', '/history', '/about', '/compose', '/kiosk-not'])
      expect(kioskRedirect(path, tab, false)).toBe(KIOSK_PATH);
    expect(kioskRedirect('/kiosk/', tab, false)).toBeUndefined();
  });

  it('the config can start a fresh tab in kiosk mode', () => {
    const tab = storage();
    expect(kioskRedirect('/', tab, true)).toBe(KIOSK_PATH);
    // Locked from the first load on, not only while the config is read.
    expect(kioskRedirect('/cache', tab, false)).toBe(KIOSK_PATH);
  });

  it('only the exit releases it, and a released tab stays free though the config starts in kiosk mode', () => {
    const tab = storage();
    expect(kioskRedirect('/', tab, true)).toBe(KIOSK_PATH);
    releaseKiosk(tab);
    expect(kioskRedirect('/cache', tab, true)).toBeUndefined();
    expect(kioskRedirect('/', tab, true)).toBeUndefined();
    // Opening the kiosk again locks it again.
    expect(kioskRedirect('/kiosk', tab, true)).toBeUndefined();
    expect(kioskRedirect('/history', tab, true)).toBe(KIOSK_PATH);
  });

  it('a value it did not write counts as undecided', () => {
    const tab = storage();
    tab.items.set('offline-verifier:kiosk', 'maybe');
    expect(kioskRedirect('/cache', tab, false)).toBeUndefined();
    expect(kioskRedirect('/cache', tab, true)).toBe(KIOSK_PATH);
  });
});
