/**
 * The page's side of the PWA: registers the service worker (production builds only), offers a new
 * version once it is installed, says whether the app can work offline, and hands files the OS
 * opened with the app (manifest `file_handlers`) to whoever listens.
 */
import { browser, dev } from '$app/environment';
import { readonly, writable } from 'svelte/store';
import type { Workbox } from 'workbox-window';

/**
 * Browsers look for a new service worker on real navigations only; a kiosk that stays on one page
 * for weeks would never see an update without this.
 */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

const updateReadyStore = writable(false);
const offlineReadyStore = writable(false);

/** A new version is installed and waiting; `applyUpdate()` switches to it. */
export const updateReady = readonly(updateReadyStore);
/** A service worker controls this page, so every screen is served from its cache. */
export const offlineReady = readonly(offlineReadyStore);

let workbox: Workbox | undefined;
let started = false;
let updating = false;

/**
 * Registers `/service-worker.js` once. The dev server serves the worker as an ES module that
 * `vite dev` rebuilds on every change, so development runs without one.
 */
export async function startServiceWorker(): Promise<void> {
  if (started || !browser || dev || !('serviceWorker' in navigator)) return;
  started = true;
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/service-worker.js');
  workbox.addEventListener('waiting', () => updateReadyStore.set(true));
  void workbox.controlling.then(() => offlineReadyStore.set(true));
  await workbox.register();
  // Offline, the check fails; the next one may succeed.
  setInterval(() => void workbox?.update().catch(() => undefined), UPDATE_CHECK_MS);
}

/** Lets the waiting version take over, then reloads into it. */
export function applyUpdate(): void {
  if (!workbox || updating) return;
  updating = true;
  workbox.addEventListener('controlling', () => location.reload());
  workbox.messageSkipWaiting();
}

/** True when a service worker controls this page and its cache holds the app shell. */
export async function offlineReadiness(): Promise<boolean> {
  if (!browser || !('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return false;
  if (!('caches' in window)) return false;
  return (await caches.match('/')) !== undefined;
}

/** The File Handling API (Chromium): files the OS opened with the installed app. */
interface LaunchParams {
  readonly files: ReadonlyArray<FileSystemHandle>;
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

type LaunchListener = (files: File[]) => void;
const launchListeners = new Set<LaunchListener>();
const unclaimedLaunches: File[][] = [];
let launchConsumerSet = false;

async function receiveLaunch(params: LaunchParams): Promise<void> {
  const handles = params.files.filter((handle): handle is FileSystemFileHandle => handle.kind === 'file');
  if (handles.length === 0) return;
  const files = await Promise.all(handles.map((handle) => handle.getFile()));
  if (launchListeners.size === 0) unclaimedLaunches.push(files);
  for (const listener of launchListeners) listener(files);
}

/**
 * Calls `listener` with the files of each launch ("Open with" on a `.lic` or `.req`), including a
 * launch that arrived before anyone listened. Returns the unsubscribe function.
 */
export function onLaunchFiles(listener: LaunchListener): () => void {
  launchListeners.add(listener);
  for (const files of unclaimedLaunches.splice(0)) listener(files);
  const launchQueue = browser ? (window as Window & { launchQueue?: LaunchQueue }).launchQueue : undefined;
  if (launchQueue && !launchConsumerSet) {
    launchConsumerSet = true;
    launchQueue.setConsumer((params) => void receiveLaunch(params));
  }
  return () => launchListeners.delete(listener);
}
