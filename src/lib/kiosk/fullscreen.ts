/**
 * Full screen needs a user gesture, and a kiosk has no one to tap "full screen": the first touch or
 * key (a scanner's keystrokes count) asks for it, and so does the next one after it was left.
 */

/** The parts of `document` used here. */
export interface FullscreenDocument {
  readonly fullscreenEnabled: boolean;
  readonly fullscreenElement: Element | null;
  readonly documentElement: { requestFullscreen(options?: FullscreenOptions): Promise<void> };
}

const GESTURES = ['pointerdown', 'keydown'] as const;

/** Whether the page has a live user gesture now (`navigator.userActivation`, where it exists). */
const userActive = (): boolean => (globalThis.navigator as Navigator | undefined)?.userActivation?.isActive ?? true;

/**
 * Listens on `target` (the window) for gestures; returns the function that stops listening.
 * Events without a user activation (scripted ones) do not ask: the browser would only refuse.
 */
export function fullscreenOnGesture(
  doc: FullscreenDocument,
  target: EventTarget,
  active: () => boolean = userActive
): () => void {
  let asking = false;
  const onGesture = () => {
    if (asking || !doc.fullscreenEnabled || doc.fullscreenElement || !active()) return;
    asking = true;
    // Refused (a browser policy, an iframe without permission): the kiosk works windowed.
    doc.documentElement
      .requestFullscreen({ navigationUI: 'hide' })
      .catch(() => undefined)
      .finally(() => (asking = false));
  };
  for (const type of GESTURES) target.addEventListener(type, onGesture, { capture: true });
  return () => {
    for (const type of GESTURES) target.removeEventListener(type, onGesture, { capture: true });
  };
}
