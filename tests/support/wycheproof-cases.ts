/**
 * Project Wycheproof vectors run through the core's own code paths (key import, DER to P1363,
 * signature length and tag handling) rather than through WebCrypto directly. Shared by the Node and
 * the Chromium test files; each suite returns the cases the core got wrong, named by tcId.
 */
import ed25519File from '../vectors/wycheproof/ed25519_test.json';
import ecdsaDerFile from '../vectors/wycheproof/ecdsa_secp256r1_sha256_test.json';
import ecdsaP1363File from '../vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json';
import rsaPkcs1File from '../vectors/wycheproof/rsa_signature_2048_sha256_test.json';
import rsaPssFile from '../vectors/wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json';
import aesGcmFile from '../vectors/wycheproof/aes_gcm_test.json';
import hmacFile from '../vectors/wycheproof/hmac_sha256_test.json';
import { base64Encode, bytesEqual, hexDecode } from '../../src/lib/core/crypto/encoding';
import { importEcdsaP1363, importTrustedKey, type Algorithm, type ImportOptions } from '../../src/lib/core/crypto/keys';
import { aesGcmDecrypt, hmacSha256 } from '../../src/lib/core/crypto/primitives';

type Result = 'valid' | 'invalid' | 'acceptable';

interface Case {
  tcId: number;
  comment: string;
  result: Result;
}
interface SignatureCase extends Case {
  msg: string;
  sig: string;
}
interface AeadCase extends Case {
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
}
interface MacCase extends Case {
  key: string;
  msg: string;
  tag: string;
}

interface VectorFile<Group> {
  numberOfTests: number;
  testGroups: Group[];
}
interface SignatureGroup {
  publicKeyPem: string;
  publicKeyDer: string;
  publicKeyJwk?: JsonWebKey;
  tests: SignatureCase[];
}
interface EddsaGroup extends SignatureGroup {
  publicKey: { pk: string };
}
interface RsaPssGroup extends SignatureGroup {
  sLen: number;
}
interface AeadGroup {
  keySize: number;
  ivSize: number;
  tagSize: number;
  tests: AeadCase[];
}
interface MacGroup {
  tagSize: number;
  tests: MacCase[];
}

// The JSON imports are typed from their contents; these are the fields the suites read.
const vectors = {
  ed25519: ed25519File as unknown as VectorFile<EddsaGroup>,
  ecdsaDer: ecdsaDerFile as unknown as VectorFile<SignatureGroup>,
  ecdsaP1363: ecdsaP1363File as unknown as VectorFile<SignatureGroup>,
  rsaPkcs1: rsaPkcs1File as unknown as VectorFile<SignatureGroup>,
  rsaPss: rsaPssFile as unknown as VectorFile<RsaPssGroup>,
  aesGcm: aesGcmFile as unknown as VectorFile<AeadGroup>,
  hmac: hmacFile as unknown as VectorFile<MacGroup>
};

export interface SuiteReport {
  /** Verifications run; must equal `expected` (the file's numberOfTests × runs per case), so no case is skipped silently. */
  cases: number;
  expected: number;
  /** Valid cases refused, invalid cases accepted, backends disagreeing: one line per case. */
  failures: string[];
  /** What the core did with `acceptable` cases and with cases it refuses by design. */
  notes: string[];
}

class Tally {
  cases = 0;
  readonly failures: string[] = [];
  readonly notes: string[] = [];

  constructor(readonly expected: number) {}

  /**
   * Judge one case: `valid` must be accepted, `invalid` refused, `acceptable` is only recorded.
   * `expected` overrides the vector's result where the core refuses a case by design.
   */
  judge(t: Case, accepted: boolean, detail = '', expected: Result = t.result): void {
    this.cases++;
    const line = `tcId ${t.tcId} (${t.result}${t.comment ? `, ${t.comment}` : ''}): ${accepted ? 'accepted' : 'refused'}${detail}`;
    if (expected === 'acceptable') this.notes.push(line);
    else if (accepted !== (expected === 'valid')) this.failures.push(line);
  }

  report(): SuiteReport {
    return { cases: this.cases, expected: this.expected, failures: this.failures, notes: this.notes };
  }
}

type Verifier = (signature: Uint8Array, data: Uint8Array) => Promise<boolean>;

/** A key that does not import refuses every signature: that is the refusal invalid keys expect. */
async function importOrRefuse(load: () => Promise<Verifier>): Promise<Verifier> {
  try {
    return await load();
  } catch {
    return async () => false;
  }
}

function trustedVerifier(
  algorithm: Algorithm,
  publicKey: string | JsonWebKey,
  options?: ImportOptions
): Promise<Verifier> {
  return importOrRefuse(async () => {
    const key = await importTrustedKey({ id: 'wycheproof', algorithm, publicKey }, options);
    return (signature, data) => key.verify(signature, data);
  });
}

/** The base64 SPKI DER form, so keys.ts's raw-DER path is exercised too (not only PEM and JWK). */
const derAsBase64 = (group: SignatureGroup): string => base64Encode(hexDecode(group.publicKeyDer));

async function runSignatures<Group extends SignatureGroup>(
  file: VectorFile<Group>,
  verifierFor: (group: Group) => Promise<Verifier>
): Promise<SuiteReport> {
  const tally = new Tally(file.numberOfTests);
  for (const group of file.testGroups) {
    const verifier = await verifierFor(group);
    for (const t of group.tests) tally.judge(t, await verifier(hexDecode(t.sig), hexDecode(t.msg)));
  }
  return tally.report();
}

/**
 * Ed25519 on both backends, which must also agree with each other on every case. The WebCrypto
 * key comes in as SPKI PEM and the noble key as raw hex, so both import paths are exercised.
 */
async function ed25519Suite(): Promise<SuiteReport> {
  const file = vectors.ed25519;
  const tally = new Tally(2 * file.numberOfTests);
  for (const group of file.testGroups) {
    const webcrypto = await trustedVerifier('ed25519', group.publicKeyPem, { ed25519Backend: 'webcrypto' });
    const noble = await trustedVerifier('ed25519', group.publicKey.pk, { ed25519Backend: 'noble' });
    for (const t of group.tests) {
      const [sig, msg] = [hexDecode(t.sig), hexDecode(t.msg)];
      const [byWebcrypto, byNoble] = [await webcrypto(sig, msg), await noble(sig, msg)];
      tally.judge(t, byWebcrypto, ' by webcrypto');
      tally.judge(t, byNoble, ' by noble');
      if (byWebcrypto !== byNoble) {
        tally.failures.push(`tcId ${t.tcId}: the backends disagree (webcrypto ${byWebcrypto}, noble ${byNoble})`);
      }
    }
  }
  return tally.report();
}

/** ECDSA DER signatures go through der.ts `ecdsaDerToP1363`, which must refuse every non-DER encoding. */
const ecdsaDerSuite = () =>
  runSignatures(vectors.ecdsaDer, (group) => trustedVerifier('ecdsa-p256', derAsBase64(group)));

const ecdsaP1363Suite = () =>
  runSignatures(vectors.ecdsaP1363, (group) =>
    importOrRefuse(() => importEcdsaP1363(group.publicKeyJwk ?? group.publicKeyPem))
  );

const rsaPkcs1Suite = () =>
  runSignatures(vectors.rsaPkcs1, (group) => trustedVerifier('rsa-sha256', group.publicKeyPem));

/** The core pins PSS to Keygen's maximum salt; these vectors fix the salt per group instead. */
const rsaPssSuite = () =>
  runSignatures(vectors.rsaPss, (group) =>
    trustedVerifier('rsa-pss-sha256', group.publicKeyJwk ?? group.publicKeyPem, { pssSaltLength: group.sLen })
  );

/**
 * The core decrypts only AES-256-GCM with a 96-bit IV and a 128-bit tag (Keygen's parameters): every
 * case of another key, IV or tag size must be refused, `valid` ones included. The rest must decrypt
 * to the vector's msg.
 */
async function aesGcmSuite(): Promise<SuiteReport> {
  const file = vectors.aesGcm;
  const tally = new Tally(file.numberOfTests);
  let refusedByDesign = 0;
  for (const group of file.testGroups) {
    const supported = group.keySize === 256 && group.ivSize === 96 && group.tagSize === 128;
    for (const t of group.tests) {
      const plain = await aesGcmDecrypt(
        hexDecode(t.key),
        hexDecode(t.iv),
        hexDecode(t.ct),
        hexDecode(t.tag),
        hexDecode(t.aad)
      );
      const accepted = plain !== null && bytesEqual(plain, hexDecode(t.msg));
      if (supported) {
        tally.judge(t, accepted, plain !== null && !accepted ? ' but decrypted to another message' : '');
        continue;
      }
      const sizes = `a ${group.keySize}-bit key, ${group.ivSize}-bit IV and ${group.tagSize}-bit tag`;
      tally.judge(t, plain !== null, ` with ${sizes}, which the core must refuse`, 'invalid');
      if (t.result === 'valid') refusedByDesign++;
    }
  }
  tally.notes.push(
    `${refusedByDesign} valid cases with sizes other than a 256-bit key, 96-bit IV and 128-bit tag refused by design`
  );
  return tally.report();
}

/** HMAC-SHA256 compared over the full tag, or over the group's tag size for truncated-tag groups. */
async function hmacSuite(): Promise<SuiteReport> {
  const file = vectors.hmac;
  const tally = new Tally(file.numberOfTests);
  for (const group of file.testGroups) {
    for (const t of group.tests) {
      const mac = await hmacSha256(hexDecode(t.key), hexDecode(t.msg));
      tally.judge(t, bytesEqual(mac.subarray(0, group.tagSize / 8), hexDecode(t.tag)));
    }
  }
  return tally.report();
}

export const wycheproofSuites: ReadonlyArray<{ name: string; run: () => Promise<SuiteReport> }> = [
  { name: 'Ed25519 (WebCrypto and noble backends)', run: ed25519Suite },
  { name: 'ECDSA P-256 SHA-256, DER signatures', run: ecdsaDerSuite },
  { name: 'ECDSA P-256 SHA-256, P1363 signatures', run: ecdsaP1363Suite },
  { name: 'RSA PKCS#1 v1.5 2048 SHA-256', run: rsaPkcs1Suite },
  { name: 'RSA-PSS 2048 SHA-256 MGF1, salt from the vector group', run: rsaPssSuite },
  { name: 'AES-GCM', run: aesGcmSuite },
  { name: 'HMAC-SHA256', run: hmacSuite }
];
