/** How a cache entry reads on the Cache screen: its lifetime in words, the export file's name. */
import type { CacheEntry } from '$lib/storage/cache';
import { describeDuration } from '$lib/ui/format';

/** "6 days 23 hours left" or "Expired 2 hours ago": the cache lifetime, to the hour a technician plans by. */
export function lifetimeText(entry: Pick<CacheEntry, 'expired' | 'timeLeftMs'>): string {
  const seconds = Math.floor(Math.abs(entry.timeLeftMs) / 1000);
  const span = seconds < 60 ? 'less than a minute' : describeDuration(seconds - (seconds % 60));
  return entry.expired ? `Expired ${span} ago` : `${span.charAt(0).toUpperCase()}${span.slice(1)} left`;
}

/** `offline-verifier-cache-2026-06-01.json`, dated by the device clock. */
export const exportFileName = (now: number): string =>
  `offline-verifier-cache-${new Date(now).toISOString().slice(0, 10)}.json`;
