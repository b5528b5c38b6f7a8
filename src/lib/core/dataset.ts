/**
 * Reading decoded payloads. Only called after a signature verified, and still defensive: a
 * genuine payload can be any text, and JSON nesting is bounded so a bomb cannot blow the stack.
 */
import type { Summary } from './verdict';

export const MAX_JSON_DEPTH = 64;

/** Deepest nesting of a JSON text, counted without parsing (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = stringEnd(text, i);
      if (i < 0) break;
    } else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Where the string opened by the quote at `open` closes, or -1 when it never does. Jumps from
 * quote to quote (most of a license document is string content); a quote closes the string when
 * an even number of backslashes precedes it.
 */
function stringEnd(text: string, open: number): number {
  for (let from = open + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let slash = quote - 1;
    while (slash > open && text.charCodeAt(slash) === 92 /* \ */) slash--;
    if ((quote - 1 - slash) % 2 === 0) return quote;
    from = quote + 1;
  }
}

/**
 * Whether a parsed JSON value nests deeper than `max`. It recurses, but never more than `max`
 * levels: it answers true as soon as it reaches an object or list below that depth.
 */
function deeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max === 0) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (deeperThan(child, max - 1)) return true;
    return false;
  }
  for (const key in value) if (deeperThan((value as Obj)[key], max - 1)) return true;
  return false;
}

/** Texts longer than this are scanned for depth before parsing, so a large bomb is never built. */
const SCAN_FIRST_CHARS = 16 * 1024;

/**
 * JSON.parse that returns undefined for non-JSON or over-deep input instead of throwing. A short
 * text (every key dataset of a batch) is parsed first and its depth measured on the value, the
 * same nesting `jsonDepth` counts in the text at a fraction of the cost; an engine whose parser
 * recurses refuses a deeper one with a RangeError, caught like any other.
 */
export function tryParseJson(text: string): unknown {
  const t = text.trimStart();
  if (t[0] !== '{' && t[0] !== '[' && t[0] !== '"') return undefined;
  const scanned = t.length > SCAN_FIRST_CHARS;
  if (scanned && jsonDepth(t) > MAX_JSON_DEPTH) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    return undefined;
  }
  return !scanned && deeperThan(value, MAX_JSON_DEPTH) ? undefined : value;
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const get = (v: unknown, ...path: string[]): unknown => {
  let cur = v;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
};
export const getString = (v: unknown, ...path: string[]): string | undefined => {
  const s = get(v, ...path);
  return typeof s === 'string' ? s : undefined;
};

/**
 * The summary without its undefined fields, as a new object: deleting them would turn it into a
 * slow dictionary. A `for…in`, not `Object.entries`: no array per field on every verdict.
 */
function compact(summary: Summary): Summary {
  const out: Record<string, unknown> = {};
  for (const k in summary) {
    const v = summary[k as keyof Summary];
    if (v !== undefined) out[k] = v;
  }
  return out as Summary;
}

/** Summary of a Keygen key or proof dataset (`{account, product, policy, user, license, machine}`). */
export function summarizeKeyDataset(data: unknown): Summary {
  const expiry = get(data, 'license', 'expiry');
  return compact({
    licensee: getString(data, 'user', 'email') ?? getString(data, 'owner', 'email'),
    email: getString(data, 'user', 'email') ?? getString(data, 'owner', 'email'),
    product: getString(data, 'product', 'id'),
    policy: getString(data, 'policy', 'id'),
    licenseId: getString(data, 'license', 'id'),
    licenseKey: getString(data, 'license', 'key'),
    licenseExpiry: typeof expiry === 'string' || expiry === null ? expiry : undefined,
    machine: getString(data, 'machine', 'id'),
    fingerprint: getString(data, 'machine', 'fingerprint')
  });
}

/** Summary of a JSON:API license or machine document (license/machine files, API responses). */
export function summarizeDocument(doc: unknown): Summary {
  const data = get(doc, 'data');
  const included = Array.isArray(get(doc, 'included')) ? (get(doc, 'included') as unknown[]) : [];
  const type = getString(data, 'type');
  const machine = type === 'machines' ? data : undefined;
  // A machine's license is the one its relationship names, never just the first one included.
  const licenseId = getString(machine, 'relationships', 'license', 'data', 'id');
  const license =
    type === 'licenses'
      ? data
      : included.find((r) => getString(r, 'type') === 'licenses' && getString(r, 'id') === licenseId);
  const userId = getString(license, 'relationships', 'user', 'data', 'id');
  const user = included.find((r) => getString(r, 'type') === 'users' && getString(r, 'id') === userId);
  const entitlements = included
    .filter((r) => getString(r, 'type') === 'entitlements')
    .map((r) => getString(r, 'attributes', 'code') ?? getString(r, 'attributes', 'name') ?? getString(r, 'id') ?? '')
    .filter(Boolean);
  const expiry = get(license, 'attributes', 'expiry');
  const maxMachines = get(license, 'attributes', 'maxMachines');
  const userName = getString(user, 'attributes', 'fullName');
  const email = getString(user, 'attributes', 'email') ?? getString(license, 'attributes', 'metadata', 'email');
  return compact({
    licensee: userName ?? email ?? getString(license, 'attributes', 'name'),
    email,
    product:
      getString(license, 'relationships', 'product', 'data', 'id') ??
      getString(machine, 'relationships', 'product', 'data', 'id'),
    policy: getString(license, 'relationships', 'policy', 'data', 'id'),
    licenseId: getString(license, 'id') ?? getString(machine, 'relationships', 'license', 'data', 'id'),
    licenseKey: getString(license, 'attributes', 'key'),
    licenseStatus: getString(license, 'attributes', 'status'),
    licenseExpiry: typeof expiry === 'string' || expiry === null ? expiry : undefined,
    machine: getString(machine, 'attributes', 'name') ?? getString(machine, 'id'),
    fingerprint: getString(machine, 'attributes', 'fingerprint'),
    entitlements: entitlements.length ? entitlements : undefined,
    maxMachines: typeof maxMachines === 'number' || maxMachines === null ? maxMachines : undefined
  });
}
