/**
 * A kiosk has nobody to press "Reload": a waiting update is applied by itself, but only at a quiet
 * moment, never while a scan is being checked or a verdict is on screen.
 */
import { derived, type Readable } from 'svelte/store';

/** Calls `apply` once, the first time an update is ready while `quiet`. Returns the unsubscribe. */
export function applyWhenQuiet(
  updateReady: Readable<boolean>,
  quiet: Readable<boolean>,
  apply: () => void
): () => void {
  let applied = false;
  return derived([updateReady, quiet], ([ready, calm]) => ready && calm).subscribe((now) => {
    if (!now || applied) return;
    applied = true;
    apply();
  });
}
