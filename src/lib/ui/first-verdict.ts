/**
 * A page opened with a link is waited on for one verdict. Work that verdict does not need (the
 * demo samples, registering the service worker) starts once it is on screen, so that on a slow
 * phone it does not share the main thread with the cold open. Without a link it starts at once.
 */
let held: Promise<void> = Promise.resolve();

/** Holds deferred work until the returned function is called. */
export function holdDeferredWork(): () => void {
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const before = held;
  held = Promise.all([before, hold]).then(() => undefined);
  return release;
}

/** Runs `work` in a task of its own once nothing holds deferred work. */
export function afterFirstVerdict(work: () => void): void {
  void held.then(() => setTimeout(work));
}
