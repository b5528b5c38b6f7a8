import { describe, expect, it } from 'vitest';
import { verify } from '../verify';
import { demoContext } from '../../../../tools/issuer/demo-trust';
import { mintSignedKey } from '../../../../tools/issuer/signed-key';
import { demoLicenseFacts, keyDataset } from '../../../../tools/issuer/datasets';
import { ALGORITHMS } from '../crypto/keys';

describe('signed keys', () => {
  for (const algorithm of ALGORITHMS) {
    it(`v2 ${algorithm}: genuine and valid, dataset decoded`, async () => {
      const dataset = keyDataset(demoLicenseFacts());
      const v = await verify(mintSignedKey({ algorithm, dataset }), await demoContext());
      expect(v).toMatchObject({ kind: 'signed-key', genuine: true, status: 'valid', dataset });
      expect(v.key?.algorithm).toBe(algorithm);
    });
  }

  for (const algorithm of ['rsa-sha256', 'rsa-pss-sha256'] as const) {
    it(`legacy v1 ${algorithm} signs the raw dataset`, async () => {
      const dataset = keyDataset(demoLicenseFacts());
      const v = await verify(mintSignedKey({ algorithm, dataset, legacy: true }), await demoContext());
      expect(v).toMatchObject({ kind: 'legacy-signed-key', genuine: true, status: 'valid', dataset });
    });
  }

  it('reports an expired license as expired, still genuine', async () => {
    const dataset = keyDataset(demoLicenseFacts({ expiry: '2026-01-01T00:00:00.000Z' }));
    const v = await verify(mintSignedKey({ algorithm: 'ed25519', dataset }), await demoContext());
    expect(v).toMatchObject({ genuine: true, status: 'expired' });
    expect(v.checks.find((c) => c.id === 'license-expiry')?.ok).toBe(false);
  });

  it('a clock behind the signed creation time is clock-tampered', async () => {
    const dataset = keyDataset(demoLicenseFacts());
    const v = await verify(
      mintSignedKey({ algorithm: 'ed25519', dataset }),
      await demoContext({ now: Date.parse('2025-01-01T00:00:00Z') })
    );
    expect(v.status).toBe('clock-tampered');
  });

  it('a changed dataset byte is not genuine and shows nothing decoded', async () => {
    const key = mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(demoLicenseFacts()) });
    const forged = key.slice(0, 10) + (key[10] === 'A' ? 'B' : 'A') + key.slice(11);
    const v = await verify(forged, await demoContext());
    expect(v.genuine).toBe(false);
    expect(v.dataset).toBeUndefined();
  });
});

describe('signed keys: the encodings Keygen and its users produce', () => {
  it('accepts an unpadded signature, and surrounding whitespace or a CRLF line end', async () => {
    const key = mintSignedKey({ algorithm: 'ed25519', dataset: keyDataset(demoLicenseFacts()) });
    const ctx = await demoContext();
    for (const variant of [key.replace(/=+$/, ''), `  ${key}\r\n`, `${key}\n\n`]) {
      expect(await verify(variant, ctx)).toMatchObject({ genuine: true, status: 'valid' });
    }
  });

  it('a dataset with its padding stripped is not the text Keygen signed', async () => {
    // v2 signs `key/<encoded dataset>` exactly as issued (padded); re-padding would verify text
    // the user never had.
    const dataset = keyDataset(demoLicenseFacts({ email: 'x@example.com' }));
    const key = mintSignedKey({ algorithm: 'ed25519', dataset });
    const [signing, signature] = key.split('.') as [string, string];
    if (!signing.endsWith('=')) throw new Error('this dataset encodes without padding; pick another');
    const v = await verify(`${signing.replace(/=+$/, '')}.${signature}`, await demoContext());
    expect(v.genuine).toBe(false);
  });
});
