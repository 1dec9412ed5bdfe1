// Assertions the node:assert module lacks.
import assert from 'node:assert/strict';

/** Resolves with the error when `p` rejects; fails the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.fail('expected a rejection');
}
