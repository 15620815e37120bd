// The version an alias picks for an execution (targets.ts chooseRoute), with the draw given: each
// route's chance is its weight in 100; a weight of 0 is never picked, one of 100 always.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseRoute } from '../../../src/services/states/targets.js';

const V1 = 'arn:aws:states:us-east-1:000000000000:stateMachine:m:1';
const V2 = 'arn:aws:states:us-east-1:000000000000:stateMachine:m:2';

const picked = (weights: [number, number], draw: number) =>
  chooseRoute(
    [
      { stateMachineVersionArn: V1, weight: weights[0] },
      { stateMachineVersionArn: V2, weight: weights[1] },
    ],
    () => draw,
  ).stateMachineVersionArn;

test('a route is picked when the draw falls within its share of 100', () => {
  assert.equal(picked([30, 70], 0), V1);
  assert.equal(picked([30, 70], 0.2999), V1);
  assert.equal(picked([30, 70], 0.3), V2);
  assert.equal(picked([30, 70], 0.9999), V2);
});

test('a weight of 0 is never picked, a weight of 100 always', () => {
  for (const draw of [0, 0.5, 0.999999]) {
    assert.equal(picked([100, 0], draw), V1);
    assert.equal(picked([0, 100], draw), V2);
  }
});

test('a single route takes every execution', () => {
  const only = [{ stateMachineVersionArn: V1, weight: 100 }];
  assert.equal(chooseRoute(only, () => 0.999999).stateMachineVersionArn, V1);
});
