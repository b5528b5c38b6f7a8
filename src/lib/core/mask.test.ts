import { describe, expect, it } from 'vitest';
import { maskKey } from './mask';

describe('maskKey', () => {
  it('masks license keys to their first and last four characters', () => {
    expect(maskKey('C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3')).toBe(`C1B6${'•'.repeat(12)}3-V3`);
    expect(maskKey('SHORTKEY')).toBe('••••••••');
  });
});
