import { expect } from 'vitest';
import { UsageError } from '../../src/errors/index.js';

/** Awaits a promise that must reject with a UsageError, and returns its message. */
export async function usageError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return (err as UsageError).message;
}
