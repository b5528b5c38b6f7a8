import { describe, expect, it } from 'vitest';
import { wycheproofSuites } from '../../../../tests/support/wycheproof-cases';

describe('Wycheproof vectors through the core (Node WebCrypto)', () => {
  for (const suite of wycheproofSuites) {
    it(suite.name, async ({ annotate }) => {
      const report = await suite.run();
      expect(report.failures).toEqual([]);
      expect(report.cases).toBe(report.expected);
      for (const note of report.notes) await annotate(note);
    });
  }
});
