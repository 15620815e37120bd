// The error a request was refused with (fails the test when it was not refused).
import assert from 'node:assert/strict';

export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the request to be refused');
}
