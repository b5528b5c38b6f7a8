import { describe, expect, it } from 'vitest';
import { qrText, secretNote } from './show-qr';
import type { Verdict } from '../core/verdict';

const verdict = (over: Partial<Verdict>): Verdict => ({
  kind: 'license-file',
  genuine: true,
  status: 'valid',
  reason: '',
  checks: [],
  ...over
});

describe('secretNote', () => {
  it('asks before showing a license key or a request', () => {
    expect(secretNote(verdict({ kind: 'signed-key' }))).toMatch(/license key/);
    expect(secretNote(verdict({ kind: 'jwt-key' }))).toMatch(/license key/);
    expect(secretNote(verdict({ kind: 'licensespring-request' }))).toMatch(/password/);
  });

  it('asks when the artifact carries its license key readable, not when it had to be decrypted with it', () => {
    expect(secretNote(verdict({ summary: { licenseKey: 'ABC-123' } }))).toMatch(/readable/);
    const decrypted = verdict({
      summary: { licenseKey: 'ABC-123' },
      checks: [{ id: 'decryption', ok: true, message: '', fails: 'invalid' }]
    });
    expect(secretNote(decrypted)).toBeNull();
    expect(secretNote(verdict({ kind: 'activation-proof' }))).toBeNull();
  });
});

describe('what Show as QR puts in the code', () => {
  it('a Keygen response only as its verified exchange, never the input (a HAR file)', () => {
    const har = JSON.stringify({
      log: { entries: [{ request: { headers: [{ name: 'Authorization', value: 'Bearer secret' }] } }] }
    });
    expect(qrText(verdict({ kind: 'keygen-response', artifact: '{"format":"keygen-response/1"}' }), har)).toBe(
      '{"format":"keygen-response/1"}'
    );
    expect(qrText(verdict({ kind: 'keygen-response' }), har)).toBeNull();
    expect(qrText(verdict({ kind: 'license-file' }), ' -----BEGIN LICENSE FILE----- ')).toBe(
      '-----BEGIN LICENSE FILE-----'
    );
  });

  it('asks before showing any Keygen response, with or without a license key in it', () => {
    expect(secretNote(verdict({ kind: 'keygen-response' }))).toMatch(/request it answered/);
  });
});
