// REST-XML through the official S3 client (path style): routes told apart by query literals,
// headers and required members; raw and XML payloads; S3's error document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  DeleteObjectsCommand,
  CreateBucketCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CopyObjectCommand,
  GetBucketLocationCommand,
  ListBucketsCommand,
  PutObjectAclCommand,
  GetObjectAclCommand,
  NoSuchKey,
  NotFound,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { AwsError, clientConfig, startHarness, type Harness } from './harness.js';

let harness: Harness;
let s3: S3Client;

before(async () => {
  harness = await startHarness('s3-2006-03-01.min.json');
  s3 = new S3Client({ ...clientConfig(harness), forcePathStyle: true });
});
after(async () => {
  s3.destroy();
  await harness.close();
});

test('PutObject: greedy key label, metadata and typed headers, raw body', async () => {
  harness.respond('PutObject', { ETag: '"etag"', VersionId: 'v1' });
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: 'bkt',
      Key: 'dir/sub dir/ä+file.txt',
      Body: 'hello world',
      ContentType: 'text/plain',
      Metadata: { owner: 'me', Mixed: 'Case' },
      Expires: new Date('2030-01-01T00:00:00Z'),
      CacheControl: 'no-cache',
    }),
  );
  const input = harness.last().input;
  assert.equal(harness.last().operation, 'PutObject');
  assert.equal(input.Bucket, 'bkt');
  assert.equal(input.Key, 'dir/sub dir/ä+file.txt');
  assert.deepEqual(input.Body, Buffer.from('hello world'));
  assert.equal(input.ContentType, 'text/plain');
  assert.deepEqual(input.Metadata, { owner: 'me', mixed: 'Case' });
  assert.equal((input.Expires as Date).toISOString(), '2030-01-01T00:00:00.000Z');
  assert.equal(input.CacheControl, 'no-cache');
  assert.equal(out.ETag, '"etag"');
  assert.equal(out.VersionId, 'v1');
  assert.equal(out.$metadata.requestId, harness.lastRequestId);
});

test('PutObject from a stream: aws-chunked bodies are decoded and trailing checksums become members', async () => {
  harness.respond('PutObject', {});
  await s3.send(
    new PutObjectCommand({
      Bucket: 'bkt',
      Key: 'k',
      Body: Readable.from([Buffer.from('stream-'), Buffer.from('data')]),
      ContentLength: 11,
    }),
  );
  const call = harness.last();
  assert.equal(call.request.headers['content-encoding'], 'aws-chunked');
  assert.deepEqual(call.input.Body, Buffer.from('stream-data'));
  assert.equal(call.input.ContentLength, 11);
  assert.equal(call.input.ContentEncoding, undefined);
  assert.equal(call.input.ChecksumCRC32, 'mfZ5bw==');
});

test('GetObject and HeadObject: headers out (dates, lengths, metadata) and the body', async () => {
  const modified = new Date('2024-02-03T04:05:06Z');
  harness.respond('GetObject', {
    Body: Buffer.from('content'),
    ContentLength: 7,
    ContentType: 'text/plain',
    ETag: '"e"',
    LastModified: modified,
    Metadata: { owner: 'me' },
    AcceptRanges: 'bytes',
  });
  const out = await s3.send(
    new GetObjectCommand({ Bucket: 'bkt', Key: 'a/b', Range: 'bytes=0-6', VersionId: 'v' }),
  );
  // The SDK asks for checksum validation on its own (ChecksumMode).
  assert.deepEqual(harness.last().input, {
    Bucket: 'bkt',
    Key: 'a/b',
    Range: 'bytes=0-6',
    VersionId: 'v',
    ChecksumMode: 'ENABLED',
  });
  assert.equal(await out.Body?.transformToString(), 'content');
  assert.equal(out.ContentType, 'text/plain');
  assert.equal(out.ContentLength, 7);
  assert.equal(out.LastModified?.toISOString(), modified.toISOString());
  assert.deepEqual(out.Metadata, { owner: 'me' });
  harness.respond('HeadObject', { ContentLength: 7, LastModified: modified.getTime(), ETag: '"e"' });
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'a/b' }));
  assert.equal(head.ContentLength, 7);
  assert.equal(head.LastModified?.toISOString(), modified.toISOString());
});

test('ListObjectsV2 and ListBuckets: query literals, flattened lists and timestamps in XML', async () => {
  const modified = new Date('2024-02-03T04:05:06.789Z');
  harness.respond('ListObjectsV2', {
    Name: 'bkt',
    Prefix: 'p/',
    KeyCount: 2,
    MaxKeys: 2,
    IsTruncated: true,
    NextContinuationToken: 'next',
    Contents: [
      { Key: 'p/a&b', Size: 1, LastModified: modified, ETag: '"1"', StorageClass: 'STANDARD' },
      { Key: 'p/<c>', Size: 2, LastModified: modified, Owner: { ID: 'o', DisplayName: 'me' } },
    ],
    CommonPrefixes: [{ Prefix: 'p/d/' }],
  });
  const out = await s3.send(
    new ListObjectsV2Command({
      Bucket: 'bkt',
      Prefix: 'p/',
      Delimiter: '/',
      MaxKeys: 2,
      ContinuationToken: 't',
    }),
  );
  assert.equal(harness.last().operation, 'ListObjectsV2');
  assert.deepEqual(harness.last().input, {
    Bucket: 'bkt',
    Prefix: 'p/',
    Delimiter: '/',
    MaxKeys: 2,
    ContinuationToken: 't',
  });
  assert.equal(out.IsTruncated, true);
  assert.deepEqual(
    out.Contents?.map((c) => c.Key),
    ['p/a&b', 'p/<c>'],
  );
  assert.equal(out.Contents?.[0]?.LastModified?.toISOString(), modified.toISOString());
  assert.equal(out.Contents?.[1]?.Owner?.DisplayName, 'me');
  assert.deepEqual(out.CommonPrefixes, [{ Prefix: 'p/d/' }]);
  harness.respond('ListBuckets', { Buckets: [{ Name: 'b1', CreationDate: modified }], Owner: { ID: 'o' } });
  const buckets = await s3.send(new ListBucketsCommand({}));
  assert.equal(buckets.Buckets?.[0]?.Name, 'b1');
  assert.equal(buckets.Buckets?.[0]?.CreationDate?.toISOString(), modified.toISOString());
});

test('XML payloads in: CreateBucket configuration, DeleteObjects, CompleteMultipartUpload', async () => {
  harness.respond('CreateBucket', { Location: '/bkt' });
  const created = await s3.send(
    new CreateBucketCommand({
      Bucket: 'bkt',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  assert.deepEqual(harness.last().input, {
    Bucket: 'bkt',
    CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
  });
  assert.equal(created.Location, '/bkt');
  harness.respond('DeleteObjects', {
    Deleted: [{ Key: 'a' }, { Key: 'b', DeleteMarker: true, VersionId: 'v' }],
    Errors: [{ Key: 'c', Code: 'AccessDenied', Message: 'no' }],
  });
  const deleted = await s3.send(
    new DeleteObjectsCommand({
      Bucket: 'bkt',
      Delete: { Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'v' }, { Key: 'c & d' }], Quiet: false },
    }),
  );
  assert.deepEqual(harness.last().input.Delete, {
    Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'v' }, { Key: 'c & d' }],
    Quiet: false,
  });
  assert.equal(deleted.Deleted?.[1]?.DeleteMarker, true);
  assert.equal(deleted.Errors?.[0]?.Code, 'AccessDenied');
  harness.respond('CreateMultipartUpload', { Bucket: 'bkt', Key: 'k', UploadId: 'up-1' });
  const started = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'k' }));
  assert.equal(harness.last().operation, 'CreateMultipartUpload');
  assert.equal(started.UploadId, 'up-1');
  harness.respond('UploadPart', { ETag: '"p1"' });
  await s3.send(
    new UploadPartCommand({ Bucket: 'bkt', Key: 'k', UploadId: 'up-1', PartNumber: 1, Body: 'part' }),
  );
  assert.equal(harness.last().operation, 'UploadPart');
  assert.equal(harness.last().input.PartNumber, 1);
  assert.deepEqual(harness.last().input.Body, Buffer.from('part'));
  harness.respond('CompleteMultipartUpload', {
    Location: 'http://x/bkt/k',
    Bucket: 'bkt',
    Key: 'k',
    ETag: '"all"',
  });
  const done = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: 'bkt',
      Key: 'k',
      UploadId: 'up-1',
      MultipartUpload: { Parts: [{ ETag: '"p1"', PartNumber: 1 }] },
    }),
  );
  assert.equal(harness.last().operation, 'CompleteMultipartUpload');
  assert.deepEqual(harness.last().input.MultipartUpload, { Parts: [{ ETag: '"p1"', PartNumber: 1 }] });
  assert.equal(done.ETag, '"all"');
});

test('CopyObject is told from PutObject by its header; payload structures come back', async () => {
  const modified = new Date('2024-02-03T04:05:06Z');
  harness.respond('CopyObject', { CopyObjectResult: { ETag: '"c"', LastModified: modified } });
  const out = await s3.send(new CopyObjectCommand({ Bucket: 'bkt', Key: 'dst', CopySource: 'src/key' }));
  assert.equal(harness.last().operation, 'CopyObject');
  assert.equal(harness.last().input.CopySource, 'src/key');
  assert.equal(out.CopyObjectResult?.ETag, '"c"');
  assert.equal(out.CopyObjectResult?.LastModified?.toISOString(), modified.toISOString());
  harness.respond('GetBucketLocation', { LocationConstraint: 'eu-west-1' });
  const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'bkt' }));
  assert.equal(location.LocationConstraint, 'eu-west-1');
});

test('ACLs: xsi:type attributes with their namespace, in and out', async () => {
  harness.respond('PutObjectAcl', {});
  await s3.send(
    new PutObjectAclCommand({
      Bucket: 'bkt',
      Key: 'k',
      AccessControlPolicy: {
        Owner: { ID: 'owner' },
        Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'READ' }],
      },
    }),
  );
  assert.deepEqual(harness.last().input.AccessControlPolicy, {
    Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'READ' }],
    Owner: { ID: 'owner' },
  });
  harness.respond('GetObjectAcl', {
    Owner: { ID: 'owner' },
    Grants: [
      {
        Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
        Permission: 'READ',
      },
    ],
  });
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: 'bkt', Key: 'k' }));
  assert.deepEqual(acl.Grants, [
    {
      Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
      Permission: 'READ',
    },
  ]);
});

test('errors: S3 error documents, and HEAD errors without a body', async () => {
  harness.respond(
    'GetObject',
    new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: 'k' } }),
  );
  const error = await s3.send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k' })).catch((e: unknown) => e);
  assert.ok(error instanceof NoSuchKey, String(error));
  assert.equal(error.message, 'The specified key does not exist.');
  assert.equal(error.$metadata.httpStatusCode, 404);
  assert.equal(error.$metadata.requestId, harness.lastRequestId);
  harness.respond('HeadObject', new AwsError('NotFound', 'Not Found', { status: 404 }));
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'bkt', Key: 'k' })).catch((e: unknown) => e);
  assert.ok(head instanceof NotFound, String(head));
  assert.equal(head.$metadata.httpStatusCode, 404);
  const patch = await fetch(`${harness.endpoint}/bkt/k`, { method: 'PATCH' });
  const text = await patch.text();
  assert.equal(patch.status, 405);
  assert.match(
    text,
    /<Error><Code>MethodNotAllowed<\/Code><Message>The specified method is not allowed against this resource.<\/Message><Method>PATCH<\/Method><ResourceType>OBJECT<\/ResourceType><RequestId>req-\d+<\/RequestId><HostId>/,
  );
  const malformed = await fetch(`${harness.endpoint}/bkt?delete`, {
    method: 'POST',
    body: '<Delete><Object>',
  });
  assert.equal(malformed.status, 400);
  assert.match(await malformed.text(), /<Code>MalformedXML<\/Code>/);
  harness.respond(
    'ListObjectsV2',
    new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404 }),
  );
  const bucket = await s3.send(new ListObjectsV2Command({ Bucket: 'nope' })).catch((e: unknown) => e);
  assert.ok(bucket instanceof S3ServiceException);
  assert.equal(bucket.name, 'NoSuchBucket');
});
