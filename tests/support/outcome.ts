/**
 * What a strict reader made of an input: its value, or the message of the `VerifyError` it threw.
 * Two readers that must agree are compared through this, refusals and messages included.
 */
import { expect } from 'vitest';
import { VerifyError } from '../../src/lib/core/errors';

export type Outcome<T> = { value: T } | { error: string };

export function outcome<T>(read: () => T): Outcome<T> {
  try {
    return { value: read() };
  } catch (err) {
    expect(err).toBeInstanceOf(VerifyError);
    return { error: (err as Error).message };
  }
}
