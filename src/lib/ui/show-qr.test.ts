import { describe, expect, it } from 'vitest';
import { secretNote } from './show-qr';
import type { Verdict } from '../core/verdict';

const verdict = (over: Partial<Verdict>): Verdict => ({ kind: 'license-file', genuine: true, status: 'valid', reason: '', checks: [], ...over });

describe('secretNote', () => {
  it('asks before showing a license key or a request', () => {
    expect(secretNote(verdict({ kind: 'signed-key' }))).toMatch(/license key/);
    expect(secretNote(verdict({ kind: 'jwt-key' }))).toMatch(/license key/);
    expect(secretNote(verdict({ kind: 'licensespring-request' }))).toMatch(/password/);
  });

  it('asks when the artifact carries its license key readable, not when it had to be decrypted with it', () => {
    expect(secretNote(verdict({ summary: { licenseKey: 'ABC-123' } }))).toMatch(/readable/);
    const decrypted = verdict({ summary: { licenseKey: 'ABC-123' }, checks: [{ id: 'decryption', ok: true, message: '', fails: 'invalid' }] });
    expect(secretNote(decrypted)).toBeNull();
    expect(secretNote(verdict({ kind: 'activation-proof' }))).toBeNull();
  });
});
