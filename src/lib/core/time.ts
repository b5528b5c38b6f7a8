/**
 * Reading a signed time, in a module of its own: the verdict card shows times and must not load
 * the policy checks to read them.
 */

// A signed time is read the same in every time zone: ISO 8601 with `Z` or an offset, an IMF-fixdate
// (`GMT`), or a bare date; an ISO date-time without a zone is UTC, as the vendors' SDKs compare it.
// JS would read it as local time, so the verdict would change with the device's zone.
const ZONED = /(?:Z|[+-]\d\d:?\d\d|GMT)$|^\d{4}-\d\d-\d\d$/i;
const ZONELESS_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?$/;

/** Parse a signed time (see above); NaN when it is not one. */
export function parseTime(value: unknown): number {
  if (typeof value !== 'string' || value.length > 64) return NaN;
  if (ZONELESS_ISO.test(value)) return Date.parse(value + 'Z');
  return ZONED.test(value) ? Date.parse(value) : NaN;
}
