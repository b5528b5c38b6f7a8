/**
 * Which format a text is, from its shape alone. The user never picks a format; nothing here is
 * trusted, it only routes the input to the parser that will verify it.
 */
import type { ArtifactKind } from './verdict';
import { base64Decode } from './encoding';
import { isObj, tryParseJson } from './dataset';

const B64URL_TOKEN = /^[A-Za-z0-9_-]+={0,2}$/;
// `=` is admitted so that a padded JWT reaches the JWT verifier and is refused there by name.
const JWT = /^eyJ[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=-]*$/;
const STD_BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;
/** A 2048-bit RSA block in base64url without padding, less a little: shorter is no RSA block. */
const MIN_ENCRYPTED_KEY_CHARS = 300;

/** A std-base64 JSON document (LicenseSpring `.lic` / `.req`), decoded; undefined otherwise. */
export function decodeBase64Json(text: string): unknown {
  if (!STD_BASE64.test(text)) return undefined;
  try {
    const bytes = base64Decode(text.replace(/\s+/g, ''));
    if (bytes[0] !== 0x7b /* { */) return undefined;
    return tryParseJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function jsonKind(doc: unknown): ArtifactKind {
  if (!isObj(doc)) return 'unknown';
  if (doc.format === 'keygen-response/1' || isObj(doc.log)) return 'keygen-response';
  if ('license_signature_v2' in doc || 'license_signature' in doc) return 'licensespring-license';
  if ((isObj(doc.request) && 'signature' in doc) || doc.request === 'activation' || doc.request === 'deactivation') return 'licensespring-request';
  return 'unknown';
}

export function detect(text: string): ArtifactKind {
  if (text.startsWith('-----BEGIN LICENSE FILE-----')) return 'license-file';
  if (text.startsWith('-----BEGIN MACHINE FILE-----')) return 'machine-file';
  if (text.startsWith('key/')) return 'signed-key';
  if (text.startsWith('proof/')) return 'activation-proof';
  if (text.startsWith('{')) return jsonKind(tryParseJson(text));
  if (JWT.test(text)) return 'jwt-key';
  const parts = text.split('.');
  if (parts.length === 2 && parts.every((p) => B64URL_TOKEN.test(p))) return 'legacy-signed-key';
  const encoded = jsonKind(decodeBase64Json(text));
  if (encoded !== 'unknown') return encoded;
  // One long base64url token: a legacy encrypted key, one RSA block (344 characters for the
  // 2048-bit keys Keygen issues). Its verifier says when the length fits no trusted key.
  if (parts.length === 1 && B64URL_TOKEN.test(text) && text.length >= MIN_ENCRYPTED_KEY_CHARS) return 'encrypted-key';
  return 'unknown';
}
