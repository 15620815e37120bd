import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, test } from 'node:test';
import {
  CreateFunctionUrlConfigCommand,
  DeleteFunctionCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { awsCli } from '../../support/clients.js';
import { storages } from '../../support/nubis.js';
import { ACCOUNT, createFunction, rejects, useLambda, zipOf } from './support.js';

const CODE = {
  'index.mjs': `
    export const echo = async (event) => event;
    export const custom = async (event) => ({
      statusCode: 201,
      headers: { 'X-Custom': 'yes', 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': 'https://evil.example' },
      cookies: ['a=1; Path=/', 'b=2; Max-Age=60'],
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
      isBase64Encoded: true,
    });
    export const plain = async () => 'Hello, world!';
    export const fails = async () => { throw new Error('broken'); };
    export const invalid = async () => ({ statusCode: 'two hundred' });`,
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain HTTP request, as a browser or curl sends it (node:http lets the test set Host). */
function send(
  endpoint: string,
  options: {
    path?: string;
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
  },
): Promise<Answer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const urlId = (functionUrl: string) => new URL(functionUrl).hostname.split('.')[0] ?? '';

for (const storage of storages()) {
  describe(`Lambda function URLs (${storage})`, () => {
    const fixture = useLambda(storage);

    async function withUrl(name: string, handler: string, extra: Record<string, unknown> = {}) {
      await createFunction(fixture.lambda, name, { Handler: handler, Code: { ZipFile: await zipOf(CODE) } });
      const created = await fixture.lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE', ...extra }),
      );
      const id = urlId(created.FunctionUrl ?? '');
      return { created, id, host: new URL(created.FunctionUrl ?? '').host };
    }

    test('create, get, update, list and delete a URL config, with Lambda errors', async () => {
      const { created, id } = await withUrl('url-crud', 'index.echo', {
        Cors: { AllowOrigins: ['https://app.example'], MaxAge: 300 },
      });
      const port = new URL(fixture.nubis.endpoint).port;
      assert.equal(created.FunctionUrl, `http://${id}.lambda-url.us-east-1.localhost:${port}/`);
      assert.match(id, /^[a-z0-9]{32}$/);
      assert.equal(created.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:url-crud`);
      assert.equal(created.AuthType, 'NONE');
      assert.equal(created.InvokeMode, 'BUFFERED');
      assert.deepEqual(created.Cors, { AllowOrigins: ['https://app.example'], MaxAge: 300 });
      assert.ok(created.CreationTime && !Number.isNaN(Date.parse(created.CreationTime)));

      await rejects(
        fixture.lambda.send(
          new CreateFunctionUrlConfigCommand({ FunctionName: 'url-crud', AuthType: 'AWS_IAM' }),
        ),
        {
          name: 'ResourceConflictException',
          status: 409,
          message: `Failed to create function url config for [functionArn = ${created.FunctionArn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
        },
      );

      const got = await fixture.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-crud' }));
      assert.equal(got.FunctionUrl, created.FunctionUrl);
      assert.equal(got.LastModifiedTime, got.CreationTime);

      const updated = await fixture.lambda.send(
        new UpdateFunctionUrlConfigCommand({ FunctionName: 'url-crud', AuthType: 'AWS_IAM' }),
      );
      assert.equal(updated.AuthType, 'AWS_IAM');
      assert.deepEqual(updated.Cors, created.Cors, 'members left out keep their values');
      assert.equal(updated.FunctionUrl, created.FunctionUrl);

      const listed = await fixture.lambda.send(
        new ListFunctionUrlConfigsCommand({ FunctionName: 'url-crud' }),
      );
      assert.deepEqual(
        listed.FunctionUrlConfigs?.map((config) => config.AuthType),
        ['AWS_IAM'],
      );

      await fixture.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-crud' }));
      await rejects(fixture.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'url-crud' })), {
        name: 'ResourceNotFoundException',
        status: 404,
        message: 'The resource you requested does not exist.',
      });
      await rejects(fixture.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'url-crud' })), {
        name: 'ResourceNotFoundException',
      });
      const gone = await send(fixture.nubis.endpoint, { path: `/_nubis/lambda-url/${id}/` });
      assert.equal(gone.status, 403, 'a deleted URL answers Forbidden');
    });

    test('bad input gets Lambda validation and not-found errors', async () => {
      await createFunction(fixture.lambda, 'url-invalid');
      await rejects(
        fixture.lambda.send(
          new CreateFunctionUrlConfigCommand({ FunctionName: 'url-invalid', AuthType: 'OPEN' as never }),
        ),
        {
          name: 'ValidationException',
          message:
            /Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: \[NONE, AWS_IAM\]/,
        },
      );
      await rejects(
        fixture.lambda.send(
          new CreateFunctionUrlConfigCommand({
            FunctionName: 'url-invalid',
            AuthType: 'NONE',
            Qualifier: '$LATEST',
          }),
        ),
        { name: 'ValidationException', message: /at 'qualifier' failed to satisfy constraint/ },
      );
      await rejects(
        fixture.lambda.send(
          new CreateFunctionUrlConfigCommand({
            FunctionName: 'url-invalid',
            AuthType: 'NONE',
            Cors: { MaxAge: 86_401 },
          }),
        ),
        { name: 'ValidationException', message: /at 'cors.maxAge'/ },
      );
      await rejects(
        fixture.lambda.send(
          new CreateFunctionUrlConfigCommand({ FunctionName: 'url-missing', AuthType: 'NONE' }),
        ),
        { name: 'ResourceNotFoundException', status: 404, message: 'Function does not exist' },
      );
      await rejects(
        fixture.lambda.send(
          new UpdateFunctionUrlConfigCommand({ FunctionName: 'url-invalid', AuthType: 'NONE' }),
        ),
        { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' },
      );
      await rejects(fixture.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'url-missing' })), {
        name: 'ResourceNotFoundException',
      });
      const unknown = await send(fixture.nubis.endpoint, {
        headers: { host: `${'0'.repeat(32)}.lambda-url.us-east-1.localhost` },
      });
      assert.equal(unknown.status, 403);
      assert.deepEqual(JSON.parse(unknown.body.toString()), { Message: 'Forbidden' });
    });

    test('the function sees the request as a payload 2.0 event (Host form)', async () => {
      const { id, host } = await withUrl('url-event', 'index.echo');
      const answer = await send(fixture.nubis.endpoint, {
        method: 'POST',
        path: '/items/42?tag=a&tag=b&q=x%20y',
        headers: {
          host,
          'content-type': 'application/json',
          'user-agent': 'nubis-test',
          'x-multi': ['one', 'two'],
          cookie: 'session=abc; theme=dark',
        },
        body: '{"hello":"world"}',
      });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers['content-type'], 'application/json');
      const event = JSON.parse(answer.body.toString());
      assert.equal(event.version, '2.0');
      assert.equal(event.routeKey, '$default');
      assert.equal(event.rawPath, '/items/42');
      assert.equal(event.rawQueryString, 'tag=a&tag=b&q=x%20y');
      assert.deepEqual(event.queryStringParameters, { tag: 'a,b', q: 'x y' });
      assert.deepEqual(event.cookies, ['session=abc', 'theme=dark']);
      assert.equal(event.headers['x-multi'], 'one,two');
      assert.equal(event.headers['user-agent'], 'nubis-test');
      assert.equal(event.headers.cookie, undefined);
      assert.equal(event.body, '{"hello":"world"}');
      assert.equal(event.isBase64Encoded, false);
      const context = event.requestContext;
      assert.equal(context.accountId, ACCOUNT);
      assert.equal(context.apiId, id);
      assert.equal(context.domainPrefix, id);
      assert.equal(context.domainName, host.replace(/:\d+$/, ''));
      assert.equal(context.authorizer, undefined);
      assert.deepEqual(context.http, {
        method: 'POST',
        path: '/items/42',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'nubis-test',
      });
      assert.equal(context.routeKey, '$default');
      assert.equal(context.stage, '$default');
      assert.match(context.requestId, /^[0-9a-f-]{36}$/);
      assert.equal(answer.headers['x-amzn-requestid'], context.requestId);
      assert.match(context.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      assert.equal(typeof context.timeEpoch, 'number');
    });

    test('the path form serves clients that cannot set Host; binary bodies arrive base64', async () => {
      const { id } = await withUrl('url-path', 'index.echo');
      const binary = Buffer.from([0, 1, 2, 250]);
      const answer = await send(fixture.nubis.endpoint, {
        method: 'PUT',
        path: `/_nubis/lambda-url/${id}/upload`,
        headers: { 'content-type': 'application/octet-stream' },
        body: binary,
      });
      assert.equal(answer.status, 200);
      const event = JSON.parse(answer.body.toString());
      assert.equal(event.rawPath, '/upload');
      assert.equal(event.requestContext.http.method, 'PUT');
      assert.equal(event.isBase64Encoded, true);
      assert.deepEqual(Buffer.from(event.body, 'base64'), binary);
      assert.equal(event.queryStringParameters, undefined);
      const root = JSON.parse(
        (await send(fixture.nubis.endpoint, { path: `/_nubis/lambda-url/${id}` })).body.toString(),
      );
      assert.equal(root.rawPath, '/');
      assert.equal(root.body, undefined);
    });

    test('responses: statusCode objects, plain values, function errors and invalid responses', async () => {
      const custom = await withUrl('url-custom', 'index.custom');
      const answer = await send(fixture.nubis.endpoint, { headers: { host: custom.host } });
      assert.equal(answer.status, 201);
      assert.equal(answer.headers['x-custom'], 'yes');
      assert.equal(answer.headers['content-type'], 'image/png');
      assert.deepEqual(answer.headers['set-cookie'], ['a=1; Path=/', 'b=2; Max-Age=60']);
      assert.deepEqual(answer.body, Buffer.from([0x89, 0x50, 0x4e, 0x47]));

      const plain = await withUrl('url-plain', 'index.plain');
      const hello = await send(fixture.nubis.endpoint, { headers: { host: plain.host } });
      assert.equal(hello.status, 200);
      assert.equal(hello.headers['content-type'], 'application/json');
      assert.equal(hello.body.toString(), '"Hello, world!"');

      for (const [name, handler] of [
        ['url-fails', 'index.fails'],
        ['url-bad', 'index.invalid'],
      ] as const) {
        const failing = await withUrl(name, handler);
        const failed = await send(fixture.nubis.endpoint, { headers: { host: failing.host } });
        assert.equal(failed.status, 502, name);
        assert.equal(failed.body.toString(), 'Internal Server Error');
      }
    });

    test('CORS: the URL answers pre-flight requests and adds its headers to responses', async () => {
      const { host } = await withUrl('url-cors', 'index.custom', {
        Cors: {
          AllowOrigins: ['https://app.example'],
          AllowMethods: ['GET', 'POST'],
          AllowHeaders: ['x-token'],
          ExposeHeaders: ['x-custom'],
          MaxAge: 600,
          AllowCredentials: true,
        },
      });
      const preflight = await send(fixture.nubis.endpoint, {
        method: 'OPTIONS',
        headers: { host, origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
      assert.equal(preflight.headers['access-control-allow-methods'], 'GET,POST');
      assert.equal(preflight.headers['access-control-allow-headers'], 'x-token');
      assert.equal(preflight.headers['access-control-max-age'], '600');
      assert.equal(preflight.headers['access-control-allow-credentials'], 'true');

      const refused = await send(fixture.nubis.endpoint, {
        method: 'OPTIONS',
        headers: { host, origin: 'https://other.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(refused.headers['access-control-allow-origin'], undefined);

      const answer = await send(fixture.nubis.endpoint, { headers: { host, origin: 'https://app.example' } });
      assert.equal(answer.status, 201);
      assert.equal(
        answer.headers['access-control-allow-origin'],
        'https://app.example',
        'the URL’s CORS wins',
      );
      assert.equal(answer.headers['access-control-expose-headers'], 'x-custom');
    });

    test('AuthType AWS_IAM: unsigned requests are 403 Forbidden, signed ones reach the function', async () => {
      const { host } = await withUrl('url-iam', 'index.echo', { AuthType: 'AWS_IAM' });
      const unsigned = await send(fixture.nubis.endpoint, { headers: { host } });
      assert.equal(unsigned.status, 403);
      assert.deepEqual(JSON.parse(unsigned.body.toString()), { Message: 'Forbidden' });
      const signed = await send(fixture.nubis.endpoint, {
        headers: {
          host,
          'x-amz-date': '20261206T120000Z',
          authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20261206/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
        },
      });
      assert.equal(signed.status, 200);
      const event = JSON.parse(signed.body.toString());
      assert.equal(event.requestContext.authorizer.iam.accessKey, ACCOUNT);
      assert.equal(event.requestContext.authorizer.iam.accountId, ACCOUNT);
    });

    test('DeleteFunction removes its URL', async () => {
      const { id } = await withUrl('url-deleted', 'index.echo');
      await fixture.lambda.send(new DeleteFunctionCommand({ FunctionName: 'url-deleted' }));
      const answer = await send(fixture.nubis.endpoint, { path: `/_nubis/lambda-url/${id}/` });
      assert.equal(answer.status, 403);
    });

    test('aws lambda create-function-url-config', async () => {
      await createFunction(fixture.lambda, 'url-cli', {
        Handler: 'index.plain',
        Code: { ZipFile: await zipOf(CODE) },
      });
      const created = JSON.parse(
        await awsCli(
          fixture.nubis.endpoint,
          '--output',
          'json',
          'lambda',
          'create-function-url-config',
          '--function-name',
          'url-cli',
          '--auth-type',
          'NONE',
          '--cors',
          'AllowOrigins=*,AllowMethods=GET',
        ),
      );
      assert.equal(created.AuthType, 'NONE');
      assert.deepEqual(created.Cors, { AllowOrigins: ['*'], AllowMethods: ['GET'] });
      const answer = await send(fixture.nubis.endpoint, {
        headers: { host: new URL(created.FunctionUrl).host, origin: 'https://any.example' },
      });
      assert.equal(answer.body.toString(), '"Hello, world!"');
      assert.equal(answer.headers['access-control-allow-origin'], '*');
    });
  });
}
