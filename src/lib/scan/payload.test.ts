import { describe, expect, it } from 'vitest';
import { artifactFromCode, payloadFromHash } from './payload';

const KEY = 'key/eyJhY2NvdW50Ijp7ImlkIjoiZGVtbyJ9fQ==.c2lnbmF0dXJl';
const LIC = 'eyJsaWNlbnNlX3NpZ25hdHVyZV92MiI6ICJhK2IvYz0ifQ==';
const FILE = '-----BEGIN LICENSE FILE-----\neyJlbmMiOiJ4In0=\n-----END LICENSE FILE-----\n';

describe('artifactFromCode', () => {
  it('passes an artifact through, trimmed', () => {
    expect(artifactFromCode(KEY)).toBe(KEY);
    expect(artifactFromCode(`  ${KEY}\r\n`)).toBe(KEY);
    expect(artifactFromCode(FILE)).toBe(FILE.trim());
    // Standard base64 with "+" and "/": a LicenseSpring answer, not a link.
    expect(atob(LIC)).toContain('license_signature_v2');
    expect(artifactFromCode(LIC)).toBe(LIC);
  });

  it('takes the artifact out of a link to this app, absolute or relative', () => {
    const encoded = encodeURIComponent(KEY);
    expect(artifactFromCode(`https://verify.example.com/#/v/${encoded}`)).toBe(KEY);
    expect(artifactFromCode(`/#/v/${encoded}`)).toBe(KEY);
    expect(artifactFromCode(`#/v/${KEY}`)).toBe(KEY);
    expect(artifactFromCode(`https://verify.example.com/#/v/${encodeURIComponent(FILE)}`)).toBe(FILE.trim());
  });

  it("finds an artifact in any URL's query or fragment", () => {
    expect(artifactFromCode(`https://portal.example.com/activate?product=demo&key=${encodeURIComponent(KEY)}`)).toBe(
      KEY
    );
    expect(artifactFromCode(`https://portal.example.com/activate#license=${encodeURIComponent(KEY)}&x=1`)).toBe(KEY);
    expect(artifactFromCode(`https://portal.example.com/a#${KEY}`)).toBe(KEY);
    // "+" is base64, not a space, in a value that was not percent-encoded.
    expect(artifactFromCode(`https://portal.example.com/import?lic=${LIC}`)).toBe(LIC);
  });

  it('leaves anything else as it is, for the verifier to call unreadable', () => {
    for (const code of [
      'hello world',
      'https://example.com/?q=hello',
      'https://example.com/#top',
      'WIFI:S:lab;T:WPA;P:secret;;',
      'https://[bad',
      ''
    ]) {
      expect(artifactFromCode(code)).toBe(code.trim());
    }
  });
});

describe('payloadFromHash', () => {
  it('takes the artifact from a /#/v/ link, percent-decoded', () => {
    expect(payloadFromHash('#/v/key%2FeyJh.c2ln')).toBe('key/eyJh.c2ln');
    expect(payloadFromHash('#/v/-----BEGIN%20LICENSE%20FILE-----%0Aabc')).toBe('-----BEGIN LICENSE FILE-----\nabc');
    expect(payloadFromHash('#/v/')).toBe('');
  });

  it('ignores other fragments, and keeps a stray % rather than failing', () => {
    expect(payloadFromHash('')).toBeUndefined();
    expect(payloadFromHash('#main')).toBeUndefined();
    expect(payloadFromHash('#/x/abc')).toBeUndefined();
    expect(payloadFromHash('#/v/100%')).toBe('100%');
  });
});
