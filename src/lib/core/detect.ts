/**
 * Which format a text is, from its shape alone. The user never picks a format; nothing here is
 * trusted, it only routes the input to the parser that will verify it.
 */
import type { ArtifactKind } from './verdict';
import { base64DecodeText } from './crypto/encoding';
import { isObj, tryParseJson } from './dataset';

// Every pattern here runs on untrusted text of up to 4 MiB, so each is linear: anchored, and no two
// adjacent parts can match the same character (no backtracking into a neighbour).
const B64URL_TOKEN = /^[A-Za-z0-9_-]+={0,2}$/;
// `=` is admitted so that a padded JWT reaches the JWT verifier and is refused there by name.
const JWT = /^eyJ[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*$/;
/** A 2048-bit RSA block in base64url without padding, less a little: shorter is no RSA block. */
const MIN_ENCRYPTED_KEY_CHARS = 300;

/** The common case, one line of std base64, in one native pass. */
const UNWRAPPED_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const isBase64Char = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 /* + */ || c === 47; /* / */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Std base64 wrapped at any width: base64 characters and white space, then at most two `=`, then
 * white space. A scanner, not a regex: the regex form backtracks quadratically on long white space.
 * Says whether it saw white space, which the decoder must not be given.
 */
function wrappedBase64(text: string): { wrapped: boolean } | undefined {
  if (UNWRAPPED_BASE64.test(text)) return { wrapped: false };
  let i = 0;
  let chars = 0;
  let wrapped = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isBase64Char(c)) chars++;
    else if (isSpace(c)) wrapped = true;
    else break;
  }
  for (let pad = 0; pad < 2 && text.charCodeAt(i) === 61 /* = */; pad++) i++;
  for (; i < text.length && isSpace(text.charCodeAt(i)); i++) wrapped = true;
  return chars > 0 && i === text.length ? { wrapped } : undefined;
}

/**
 * A JSON document detection parsed to tell the kind: its text (decoded, when the input was
 * base64) and its value. The verifier of that kind reads these instead of decoding and parsing
 * the input again; detection trusts nothing in them, and neither does the verifier until it
 * has checked the signature.
 */
export interface DetectedJson {
  text: string;
  doc: unknown;
}

/** A std-base64 JSON document (LicenseSpring `.lic` / `.req`), decoded; undefined otherwise. */
function decodeBase64Json(text: string): DetectedJson | undefined {
  const shape = wrappedBase64(text);
  if (!shape) return undefined;
  try {
    const json = base64DecodeText(shape.wrapped ? text.replace(/\s+/g, '') : text);
    if (!json.startsWith('{')) return undefined;
    return { text: json, doc: tryParseJson(json) };
  } catch {
    return undefined;
  }
}

function jsonKind(doc: unknown): ArtifactKind {
  if (!isObj(doc)) return 'unknown';
  if (doc.format === 'keygen-response/1' || isObj(doc.log)) return 'keygen-response';
  if ('license_signature_v2' in doc || 'license_signature' in doc) return 'licensespring-license';
  if ((isObj(doc.request) && 'signature' in doc) || doc.request === 'activation' || doc.request === 'deactivation')
    return 'licensespring-request';
  return 'unknown';
}

export interface Detected {
  kind: ArtifactKind;
  /** Set for the kinds told apart by their JSON (responses, LicenseSpring files). */
  json?: DetectedJson;
}

/** The kind of `text`, with the JSON it parsed on the way when it had to parse one. */
export function classify(text: string): Detected {
  if (text.startsWith('-----BEGIN LICENSE FILE-----')) return { kind: 'license-file' };
  if (text.startsWith('-----BEGIN MACHINE FILE-----')) return { kind: 'machine-file' };
  if (text.startsWith('key/')) return { kind: 'signed-key' };
  if (text.startsWith('proof/')) return { kind: 'activation-proof' };
  if (text.startsWith('{')) {
    const json = { text, doc: tryParseJson(text) };
    const kind = jsonKind(json.doc);
    return kind === 'unknown' ? { kind } : { kind, json };
  }
  if (JWT.test(text)) return { kind: 'jwt-key' };
  const parts = text.split('.');
  if (parts.length === 2 && parts.every((p) => B64URL_TOKEN.test(p))) return { kind: 'legacy-signed-key' };
  const json = decodeBase64Json(text);
  const encoded = jsonKind(json?.doc);
  if (encoded !== 'unknown') return { kind: encoded, json: json! };
  // One long base64url token: a legacy encrypted key, one RSA block (344 characters for the
  // 2048-bit keys Keygen issues). Its verifier says when the length fits no trusted key.
  if (parts.length === 1 && B64URL_TOKEN.test(text) && text.length >= MIN_ENCRYPTED_KEY_CHARS)
    return { kind: 'encrypted-key' };
  return { kind: 'unknown' };
}

export const detect = (text: string): ArtifactKind => classify(text).kind;
