// The digests SDKs verify, against values recorded from AWS (SQS developer guide algorithm).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { md5Hex, md5OfAttributes, md5OfAttributesOrUndefined } from '../../../src/services/sqs/md5.js';

test('MD5OfMessageBody is the MD5 of the UTF-8 body', () => {
  assert.equal(md5Hex('message-1'), '3d6b824fd8c1520e9a047d21fee6fb1f');
  assert.equal(md5Hex('msg'), '6e2baaf3b97dbeef01c0043275f9a0e7');
});

test('MD5OfMessageAttributes of string attributes', () => {
  assert.equal(
    md5OfAttributes({ MyAttribute: { DataType: 'String', StringValue: 'foobar' } }),
    'adb59cd4678ea5a855436b949cd07ab6',
  );
  assert.equal(
    md5OfAttributes({ Foo: { DataType: 'String', StringValue: 'Bar' } }),
    'ae7155c6026991b6d54b11589678bf9c',
  );
  assert.equal(
    md5OfAttributes({ attribName1: { DataType: 'String', StringValue: 'attribValue 1' } }),
    '19e27d4e946b072f3f58da80d94fd778',
  );
});

test('MD5OfMessageAttributes of custom number and binary types, and of several sorted by name', () => {
  const number = { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' };
  const binary = { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') };
  assert.equal(md5OfAttributes({ customNumberTypeAttrib: number }), '9fe1b90bbd9965bdf77bac517c7d2495');
  assert.equal(md5OfAttributes({ binaryAttribute: binary }), '31a92b15d92f8db860eda32aceb656c3');
  const several = {
    attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
    customNumberTypeAttrib: number,
    binaryAttribute: binary,
  };
  assert.equal(md5OfAttributes(several), 'c932db14a896c663f83c260297d594ff');
});

test('no attributes: no digest', () => {
  assert.equal(md5OfAttributesOrUndefined(undefined), undefined);
  assert.equal(md5OfAttributesOrUndefined({}), undefined);
});
