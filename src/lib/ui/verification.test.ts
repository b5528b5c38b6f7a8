import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Each verification waits for the test to settle it, so runs can finish out of order. */
const pending: Array<{ input: unknown; settle: (outcome: Error | undefined) => void }> = [];
const remembered: unknown[] = [];
/** What the next verdicts say: time passing can turn a valid key into an expired one. */
let status = 'valid';

vi.mock('../trust', () => ({
  verifyWithContext: (input: unknown) =>
    new Promise((resolve, reject) =>
      pending.push({
        input,
        settle: (error) => (error ? reject(error) : resolve({ verdict: { status, input }, ctx: { now: 42 } }))
      })
    ),
  remember: async (input: unknown) => {
    remembered.push(input);
    return input === 'full' ? 'History is full.' : undefined;
  }
}));
vi.mock('./verdict-view', () => ({
  announcement: (verdict: { input: unknown }) => `verdict for ${String(verdict.input)}`
}));

const { Verification } = await import('./verification.svelte');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Verification', () => {
  beforeEach(() => {
    pending.length = 0;
    remembered.length = 0;
    status = 'valid';
  });

  /** Runs `input` to its verdict, as a scan does. */
  async function verified(verification: InstanceType<typeof Verification>, input: string, secrets = {}) {
    const done = verification.run(input, secrets, { source: 'scan' });
    pending.at(-1)!.settle(undefined);
    await done;
    return verification.result;
  }

  it('the same code scanned twice keeps its card and is kept once; another code replaces it', async () => {
    const verification = new Verification('Could not run');
    const first = await verified(verification, 'key-A');
    const again = await verified(verification, 'key-A');
    expect(again?.verdict).toEqual({ status: 'valid', input: 'key-A' });
    expect(again?.shownBy, 'the card is not redrawn').toBe(first?.shownBy);
    expect(remembered).toEqual(['key-A']);

    const other = await verified(verification, 'key-B');
    expect(other?.verdict).toMatchObject({ input: 'key-B' });
    expect(other?.shownBy).not.toBe(first?.shownBy);
    expect(remembered).toEqual(['key-A', 'key-B']);
    // Back to the first code: it is no longer on screen, so it is a new scan.
    await verified(verification, 'key-A');
    expect(remembered).toEqual(['key-A', 'key-B', 'key-A']);
  });

  it('the same code whose verdict changed meanwhile shows and keeps the new verdict', async () => {
    const verification = new Verification('Could not run');
    const first = await verified(verification, 'key-A');
    status = 'expired';
    const later = await verified(verification, 'key-A');
    expect(later?.verdict).toMatchObject({ status: 'expired' });
    expect(later?.shownBy).not.toBe(first?.shownBy);
    expect(remembered).toEqual(['key-A', 'key-A']);
  });

  it('the same code with other secrets, or after the screen was cleared, is a new verdict', async () => {
    const verification = new Verification('Could not run');
    const first = await verified(verification, 'key-A');
    const withSecret = await verified(verification, 'key-A', { fingerprint: 'fp' });
    expect(withSecret?.shownBy).not.toBe(first?.shownBy);
    verification.reset();
    await verified(verification, 'key-A', { fingerprint: 'fp' });
    expect(remembered).toEqual(['key-A', 'key-A', 'key-A']);
  });

  it('shows the verdict, then remembers it and keeps what could not be stored', async () => {
    const verification = new Verification('Could not run');
    const done = verification.run('full', {}, { source: 'paste' });
    expect(verification.busy).toBe(true);
    pending[0]!.settle(undefined);
    await done;
    expect(verification.result).toMatchObject({ verdict: { input: 'full' }, at: 42, secrets: {} });
    expect(verification.busy).toBe(false);
    expect(verification.storageNote).toBe('History is full.');
    expect(verification.spoken).toBe('verdict for full');
    expect(remembered).toEqual(['full']);
  });

  it('drops an older run that finishes after a newer one', async () => {
    const verification = new Verification('Could not run');
    const first = verification.run('old', {}, { source: 'paste' });
    const second = verification.run('new', {}, { source: 'paste' });
    pending[1]!.settle(undefined);
    await second;
    pending[0]!.settle(undefined);
    await first;
    expect(verification.result?.verdict).toMatchObject({ input: 'new' });
    expect(remembered).toEqual(['new']);
  });

  it('remembers typed input only once no newer run started during the wait', async () => {
    vi.useFakeTimers();
    try {
      const verification = new Verification('Could not run');
      const first = verification.run('typ', {}, { source: 'paste' }, { rememberAfterMs: 2000 });
      pending[0]!.settle(undefined);
      await vi.advanceTimersByTimeAsync(1000);
      expect(verification.result?.verdict).toMatchObject({ input: 'typ' });
      const second = verification.run('typed', {}, { source: 'paste' }, { rememberAfterMs: 2000 });
      pending[1]!.settle(undefined);
      await vi.advanceTimersByTimeAsync(2000);
      await Promise.all([first, second]);
      expect(remembered).toEqual(['typed']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('calls shown once the verdict is on screen, and says when verification could not run', async () => {
    const verification = new Verification('Could not run');
    const seen: unknown[] = [];
    const done = verification.run(
      'x',
      {},
      { source: 'file' },
      { shown: () => seen.push(verification.result?.verdict) }
    );
    pending[0]!.settle(undefined);
    await done;
    expect(seen).toEqual([{ status: 'valid', input: 'x' }]);
    const failing = verification.run('y', {}, { source: 'file' });
    pending[1]!.settle(new Error('no keys'));
    await failing;
    expect(verification.result).toBeNull();
    expect(verification.failure).toBe('Could not run: no keys');
    expect(verification.spoken).toBe('Could not run: no keys');
  });

  it('reset clears the screen and makes a running verification stale', async () => {
    const verification = new Verification('Could not run');
    const done = verification.run('x', {}, { source: 'paste' });
    const token = verification.reset();
    expect(verification.isLatest(token)).toBe(true);
    pending[0]!.settle(undefined);
    await done;
    await flush();
    expect(verification.result).toBeNull();
    expect(verification.current).toBeNull();
    expect(remembered).toEqual([]);
  });
});
