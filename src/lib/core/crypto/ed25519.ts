/**
 * Ed25519 verification. WebCrypto has it since Chrome 137 / Firefox 129 / Safari 17; older kiosk
 * WebViews do not. We probe once and only then load the pure-JS verifier (@noble/curves, strict
 * RFC 8032 mode) so a verdict is the same on every device.
 */
import { toBuffer } from './encoding';

export type Ed25519Backend = 'webcrypto' | 'noble';

// RFC 8032 §7.1 test 1: empty message. Used to prove the WebCrypto path really verifies.
const PROBE_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const PROBE_SIG =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

const fromHex = (h: string) => Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16));

let probe: Promise<Ed25519Backend> | undefined;

export function ed25519Backend(): Promise<Ed25519Backend> {
  probe ??= (async () => {
    try {
      const key = await crypto.subtle.importKey('raw', fromHex(PROBE_KEY), { name: 'Ed25519' }, false, ['verify']);
      const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromHex(PROBE_SIG), new Uint8Array(0));
      return ok ? 'webcrypto' : 'noble';
    } catch {
      return 'noble';
    }
  })();
  return probe;
}

export type Ed25519Verifier = (signature: Uint8Array, data: Uint8Array) => Promise<boolean>;

// The group order L, little-endian as S is encoded. RFC 8032 §5.1.7 requires S < L; WebKit's
// WebCrypto also accepts S + kL.
const ORDER_LE = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/**
 * Whether S, the signature's second half, is below L: compared byte by byte from the most
 * significant end, since a batch checks this for every one of its signatures.
 */
function scalarBelowOrder(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    const l = ORDER_LE[i]!;
    if (s !== l) return s < l;
  }
  return false;
}

/** A verifier for one 32-byte public key, on the given backend (the probed one by default). */
export async function ed25519Verifier(publicKey: Uint8Array, backend?: Ed25519Backend): Promise<Ed25519Verifier> {
  const use = backend ?? (await ed25519Backend());
  if (use === 'webcrypto') {
    const key = await crypto.subtle.importKey('raw', toBuffer(publicKey), { name: 'Ed25519' }, false, ['verify']);
    return async (signature, data) => {
      if (signature.length !== 64 || !scalarBelowOrder(signature)) return false;
      try {
        return await crypto.subtle.verify({ name: 'Ed25519' }, key, toBuffer(signature), toBuffer(data));
      } catch {
        return false;
      }
    };
  }
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const pub = Uint8Array.from(publicKey);
  // zip215: false selects RFC 8032 strict checks (canonical encodings, no malleability).
  return async (signature, data) => {
    try {
      return ed25519.verify(signature, data, pub, { zip215: false });
    } catch {
      return false;
    }
  };
}
