/**
 * The one entry point: input → size limit → detect → the format's verifier → verdict. It never
 * throws and never takes unbounded time: every failure becomes a verdict with an error code.
 */
import { utf8Decode } from './crypto/encoding';
import { VerifyError } from './errors';
import { classify, type DetectedJson } from './detect';
import { errorVerdict, type ArtifactKind, type Verdict } from './verdict';
import type { VerifyContext } from './context';
import { MAX_INPUT_BYTES } from './limits';

export { MAX_INPUT_BYTES };

/** `json`: what detection parsed, for the kinds it tells apart by their JSON. */
type Verifier = (text: string, ctx: VerifyContext, json?: DetectedJson) => Promise<Verdict>;

// Each format's verifier loads when its first artifact arrives: a page that checks one signed key
// never downloads the parsers of the other nine formats.
const LOADERS: Record<Exclude<ArtifactKind, 'unknown'>, () => Promise<Verifier>> = {
  'signed-key': () => import('./formats/signed-key').then((m) => m.verifySignedKey),
  'legacy-signed-key': () => import('./formats/signed-key').then((m) => m.verifySignedKey),
  'encrypted-key': () => import('./formats/encrypted-key').then((m) => m.verifyEncryptedKey),
  'jwt-key': () => import('./formats/jwt-key').then((m) => m.verifyJwtKey),
  'activation-proof': () => import('./formats/activation-proof').then((m) => m.verifyActivationProof),
  'license-file': () => import('./formats/license-file').then((m) => m.verifyLicenseFile),
  'machine-file': () => import('./formats/license-file').then((m) => m.verifyLicenseFile),
  'keygen-response': () => import('./formats/keygen-response').then((m) => m.verifyKeygenResponse),
  'licensespring-license': () => import('./formats/licensespring-license').then((m) => m.verifyLicenseSpringLicense),
  'licensespring-request': () => import('./formats/licensespring-request').then((m) => m.verifyLicenseSpringRequest)
};
const loaded = new Map<ArtifactKind, Verifier>();

async function verifierFor(kind: Exclude<ArtifactKind, 'unknown'>): Promise<Verifier> {
  let verifier = loaded.get(kind);
  if (!verifier) {
    verifier = await LOADERS[kind]();
    loaded.set(kind, verifier);
  }
  return verifier;
}

function readInput(input: string | Uint8Array): string {
  // Length first, in constant time: a 10 MB paste is refused before a byte of it is looked at.
  // A UTF-16 string of n code units is at least n UTF-8 bytes, so this bound is safe for both.
  if (input.length > MAX_INPUT_BYTES) {
    throw new VerifyError(
      'ERR_INPUT_TOO_LARGE',
      `The input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; no license artifact is that big.`
    );
  }
  const text = typeof input === 'string' ? input : utf8Decode(input, 'The input');
  // Keep interior whitespace (formats define it); drop a BOM and the ends.
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new VerifyError('ERR_INPUT_EMPTY', 'There is nothing to verify: the input is empty.');
  // Control characters other than whitespace mean binary data; matching them is the point.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000E-\u001F]/.test(trimmed))
    throw new VerifyError('ERR_INPUT_NOT_TEXT', 'The input is binary data, not a license key or file.');
  return trimmed;
}

/** An input read and detected, ready for its format's verifier; or why it can have none. */
type Started =
  | { kind: Exclude<ArtifactKind, 'unknown'>; text: string; json: DetectedJson | undefined }
  | { kind: ArtifactKind; error: unknown };

function start(input: string | Uint8Array): Started {
  let kind: ArtifactKind = 'unknown';
  try {
    const text = readInput(input);
    const detected = classify(text);
    kind = detected.kind;
    if (kind === 'unknown') {
      throw new VerifyError(
        'ERR_FORMAT_UNKNOWN',
        'This is not a license key, proof, license or machine file, cached response or LicenseSpring file that this verifier knows.'
      );
    }
    return { kind, text, json: detected.json };
  } catch (error) {
    return { kind, error };
  }
}

async function finish(started: Started, ctx: VerifyContext): Promise<Verdict> {
  if ('error' in started) return failed(started.kind, started.error);
  try {
    // A verifier already loaded is called at once: no await of a load per verdict.
    const verifier = loaded.get(started.kind) ?? (await verifierFor(started.kind));
    return await verifier(started.text, ctx, started.json);
  } catch (err) {
    return failed(started.kind, err);
  }
}

function failed(kind: ArtifactKind, err: unknown): Verdict {
  if (err instanceof VerifyError) return errorVerdict(kind, err);
  // A bug in a parser must still give the user an answer, never a crash, under its own code so
  // that tests can tell a bug from bad input.
  const name = err instanceof Error ? err.name : 'error';
  return errorVerdict(
    kind,
    new VerifyError('ERR_INTERNAL', `The verifier failed on this input (${name}); nothing in it was verified.`)
  );
}

export const verify = (input: string | Uint8Array, ctx: VerifyContext): Promise<Verdict> => finish(start(input), ctx);

/**
 * `verify` in two steps: the input is read and detected now, and its format's verifier starts
 * loading while the caller prepares the context; the function returned gives the verdict in it.
 */
export function prepareVerify(input: string | Uint8Array): (ctx: VerifyContext) => Promise<Verdict> {
  const started = start(input);
  if (!('error' in started)) verifierFor(started.kind).catch(() => undefined);
  return (ctx) => finish(started, ctx);
}
