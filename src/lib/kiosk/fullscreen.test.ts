import { describe, expect, it, vi } from 'vitest';
import { fullscreenOnGesture, type FullscreenDocument } from './fullscreen';

function fakeDocument(enabled = true) {
  const doc = {
    fullscreenEnabled: enabled,
    fullscreenElement: null as Element | null,
    refuse: false,
    documentElement: {
      requestFullscreen: vi.fn(async (options?: FullscreenOptions) => {
        expect(options).toEqual({ navigationUI: 'hide' });
        if (doc.refuse) throw new TypeError('Permissions check failed');
        doc.fullscreenElement = {} as Element;
      })
    }
  };
  return doc satisfies FullscreenDocument;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('full screen on the first gesture', () => {
  it('asks on the first touch or key, and again after full screen was left', async () => {
    const doc = fakeDocument();
    const win = new EventTarget();
    fullscreenOnGesture(doc, win);
    expect(doc.documentElement.requestFullscreen).not.toHaveBeenCalled();
    win.dispatchEvent(new Event('keydown'));
    await settle();
    win.dispatchEvent(new Event('pointerdown'));
    await settle();
    expect(doc.documentElement.requestFullscreen).toHaveBeenCalledTimes(1);
    doc.fullscreenElement = null;
    win.dispatchEvent(new Event('pointerdown'));
    expect(doc.documentElement.requestFullscreen).toHaveBeenCalledTimes(2);
  });

  it('a refusal is quiet, and the next gesture asks again', async () => {
    const doc = fakeDocument();
    doc.refuse = true;
    const win = new EventTarget();
    fullscreenOnGesture(doc, win);
    win.dispatchEvent(new Event('keydown'));
    await settle();
    win.dispatchEvent(new Event('keydown'));
    expect(doc.documentElement.requestFullscreen).toHaveBeenCalledTimes(2);
  });

  it('does not ask on an event without a user activation (scripted), where the browser would refuse', () => {
    const doc = fakeDocument();
    const win = new EventTarget();
    let active = false;
    fullscreenOnGesture(doc, win, () => active);
    win.dispatchEvent(new Event('keydown'));
    expect(doc.documentElement.requestFullscreen).not.toHaveBeenCalled();
    active = true;
    win.dispatchEvent(new Event('keydown'));
    expect(doc.documentElement.requestFullscreen).toHaveBeenCalledTimes(1);
  });

  it('does not ask where full screen is not allowed, nor after stopping', () => {
    const blocked = fakeDocument(false);
    const win = new EventTarget();
    fullscreenOnGesture(blocked, win);
    win.dispatchEvent(new Event('pointerdown'));
    expect(blocked.documentElement.requestFullscreen).not.toHaveBeenCalled();

    const doc = fakeDocument();
    const other = new EventTarget();
    fullscreenOnGesture(doc, other)();
    other.dispatchEvent(new Event('pointerdown'));
    expect(doc.documentElement.requestFullscreen).not.toHaveBeenCalled();
  });
});
