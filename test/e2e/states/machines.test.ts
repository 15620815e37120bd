// State machines through @aws-sdk/client-sfn on both storages: UpdateStateMachine (revisions, what
// running executions keep), tags (TagResource, UntagResource, ListTagsForResource and AWS's limits)
// and ValidateStateMachineDefinition, with the errors AWS answers. The node runs a manual clock, so
// that a Wait ends when the test says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListTagsForResourceCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type Tag,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';
import { ended as endedExecution } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/other`;
const LOG_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:machines:*`;
const WAIT_MS = 60_000;

const FIRST = JSON.stringify({
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: WAIT_MS / 1000, Next: 'Done' },
    Done: { Type: 'Pass', Result: { version: 'first' }, End: true },
  },
});

const SECOND = JSON.stringify({
  StartAt: 'Done',
  States: { Done: { Type: 'Pass', Result: { version: 'second' }, End: true } },
});

/** Two problems: a Next to nowhere, and a state with neither Next nor End. */
const BROKEN = JSON.stringify({
  StartAt: 'A',
  States: { A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Pass' } },
});

const CALLBACK = JSON.stringify({
  StartAt: 'Ask',
  States: {
    Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
  },
});

const tagsOf = (count: number): Tag[] =>
  Array.from({ length: count }, (_, index) => ({ key: `k${index}`, value: `v${index}` }));

for (const storage of storages()) {
  describe(`Step Functions state machines (${storage})`, () => {
    let nubis: NubisProcess;
    let sfn: SFNClient;

    before(async () => {
      nubis = await startNubis({ storage, manualClock: true });
      sfn = new SFNClient({ ...sdkConfig(nubis.endpoint, ACCOUNT), maxAttempts: 1 });
    });
    after(async () => {
      sfn.destroy();
      await nubis.stop();
    });

    const create = async (name: string, definition: string, tags?: Tag[]) =>
      (await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, tags })))
        .stateMachineArn!;
    const describeMachine = (stateMachineArn: string) =>
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const listTags = async (resourceArn: string) =>
      (await sfn.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

    test('UpdateStateMachine: each change is a new revision that DescribeStateMachine shows', async () => {
      const stateMachineArn = await create('updated', FIRST);
      const created = await describeMachine(stateMachineArn);
      assert.equal(created.revisionId, undefined);
      assert.deepEqual(created.loggingConfiguration, { level: 'OFF', includeExecutionData: false });

      const first = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: SECOND }));
      assert.ok(first.updateDate instanceof Date);
      assert.match(first.revisionId!, /^[0-9a-f-]{36}$/);
      const described = await describeMachine(stateMachineArn);
      assert.equal(described.definition, SECOND);
      assert.equal(described.revisionId, first.revisionId);
      assert.equal(described.roleArn, ROLE);

      // Nothing changes: the revision stays.
      const same = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: SECOND }));
      assert.equal(same.revisionId, first.revisionId);

      const configured = await sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn,
          roleArn: OTHER_ROLE,
          loggingConfiguration: {
            level: 'ERROR',
            destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }],
          },
          tracingConfiguration: { enabled: true },
        }),
      );
      assert.notEqual(configured.revisionId, first.revisionId);
      const reconfigured = await describeMachine(stateMachineArn);
      assert.equal(reconfigured.revisionId, configured.revisionId);
      assert.equal(reconfigured.roleArn, OTHER_ROLE);
      assert.equal(reconfigured.definition, SECOND);
      assert.deepEqual(reconfigured.loggingConfiguration, {
        level: 'ERROR',
        includeExecutionData: false,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }],
      });
      assert.deepEqual(reconfigured.tracingConfiguration, { enabled: true });
    });

    test('UpdateStateMachine refuses what AWS refuses, changing nothing', async () => {
      const stateMachineArn = await create('refusing', FIRST);
      const update = (fields: Omit<UpdateStateMachineCommand['input'], 'stateMachineArn'>) =>
        rejection(sfn.send(new UpdateStateMachineCommand({ stateMachineArn, ...fields })));

      const nothing = await update({});
      assert.equal(nothing.name, 'MissingRequiredParameter');
      assert.equal(
        nothing.message,
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
      const invalid = await update({ definition: BROKEN });
      assert.equal(invalid.name, 'InvalidDefinition');
      assert.equal(
        invalid.message,
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next'",
      );
      const logging = await update({ loggingConfiguration: { level: 'ALL' } });
      assert.equal(logging.name, 'InvalidLoggingConfiguration');
      assert.equal(
        logging.message,
        'Invalid Logging Configuration: Must specify exactly one Log Destination.',
      );
      const description = await update({ definition: SECOND, versionDescription: 'v2' });
      assert.equal(description.name, 'ValidationException');
      assert.equal(description.message, 'Version description can only be set when publish is true');
      const unchanged = await describeMachine(stateMachineArn);
      assert.equal(unchanged.definition, FIRST);
      assert.equal(unchanged.revisionId, undefined);

      const missing = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:nobody`;
      const gone = await rejection(
        sfn.send(new UpdateStateMachineCommand({ stateMachineArn: missing, definition: SECOND })),
      );
      assert.equal(gone.name, 'StateMachineDoesNotExist');
      assert.equal(gone.message, `State Machine Does Not Exist: '${missing}'`);
      const execution = `arn:aws:states:us-east-1:${ACCOUNT}:execution:refusing:x`;
      const wrongKind = await rejection(
        sfn.send(new UpdateStateMachineCommand({ stateMachineArn: execution, definition: SECOND })),
      );
      assert.equal(wrongKind.name, 'InvalidArn');
    });

    test('a running execution keeps the definition it started with; later ones run the update', async () => {
      const stateMachineArn = await create('evolving', FIRST);
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'early' }));
      const typesOf = async () =>
        ((await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? []).map(
          (event) => event.type,
        );
      for (let polls = 0; !(await typesOf()).includes('WaitStateEntered'); polls++) {
        assert.ok(polls < 500, 'the execution never entered its Wait state');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }

      await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: SECOND }));
      const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      assert.equal(running.status, 'RUNNING');
      const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
      assert.equal(forExecution.definition, FIRST);

      const later = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'late' }));
      const laterDone = await endedExecution(sfn, later.executionArn!);
      assert.equal(laterDone.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(laterDone.output!), { version: 'second' });

      await nubis.advanceClock(WAIT_MS);
      const earlyDone = await endedExecution(sfn, executionArn!);
      assert.equal(earlyDone.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(earlyDone.output!), { version: 'first' });
    });

    test('tags: given at creation, added, replaced and removed in their order', async () => {
      const stateMachineArn = await create('tagged', SECOND, [
        { key: 'team', value: 'core' },
        { key: 'stage', value: 'dev' },
      ]);
      assert.deepEqual(await listTags(stateMachineArn), [
        { key: 'team', value: 'core' },
        { key: 'stage', value: 'dev' },
      ]);
      await sfn.send(
        new TagResourceCommand({
          resourceArn: stateMachineArn,
          tags: [
            { key: 'stage', value: 'prod' },
            { key: 'empty', value: '' },
          ],
        }),
      );
      assert.deepEqual(await listTags(stateMachineArn), [
        { key: 'team', value: 'core' },
        { key: 'stage', value: 'prod' },
        { key: 'empty', value: '' },
      ]);
      await sfn.send(
        new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team', 'never-there'] }),
      );
      assert.deepEqual(await listTags(stateMachineArn), [
        { key: 'stage', value: 'prod' },
        { key: 'empty', value: '' },
      ]);
      assert.deepEqual(await listTags(await create('untagged', SECOND)), []);
    });

    test('tags: unknown and foreign ARNs, and AWS’s limits', async () => {
      const missing = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:nobody`;
      for (const call of [
        () => sfn.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'a', value: 'b' }] })),
        () => sfn.send(new UntagResourceCommand({ resourceArn: missing, tagKeys: ['a'] })),
        () => sfn.send(new ListTagsForResourceCommand({ resourceArn: missing })),
      ]) {
        const notFound = await rejection(call());
        assert.equal(notFound.name, 'ResourceNotFound');
        assert.equal(notFound.message, `Resource not found: '${missing}'`);
      }
      const version = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:limited:1`;
      assert.equal((await rejection(listTags(version))).name, 'ResourceNotFound');
      const lambda = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`;
      assert.equal((await rejection(listTags(lambda))).name, 'InvalidArn');

      const resourceArn = await create('limited', SECOND, tagsOf(50));
      assert.equal((await listTags(resourceArn))!.length, 50);
      // Replacing a value keeps the count; a 51st key is one too many.
      await sfn.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'k0', value: 'again' }] }));
      const tooMany = await rejection(
        sfn.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'one-more', value: 'x' }] })),
      );
      assert.equal(tooMany.name, 'TooManyTags');
      assert.equal(tooMany.resourceName, resourceArn);
      assert.equal((await listTags(resourceArn))!.length, 50);
      const tooManyAtCreation = await rejection(create('overtagged', SECOND, tagsOf(51)));
      assert.equal(tooManyAtCreation.name, 'TooManyTags');

      const longKey = 'k'.repeat(129);
      const invalid = await rejection(
        sfn.send(
          new TagResourceCommand({
            resourceArn,
            tags: [
              { key: 'fine', value: 'fine' },
              { key: longKey, value: 'v'.repeat(257) },
            ],
          }),
        ),
      );
      assert.equal(invalid.name, 'ValidationException');
      assert.equal(
        invalid.message,
        `2 validation errors detected: Value '${longKey}' at 'tags.2.member.key' failed to satisfy constraint: ` +
          `Member must have length less than or equal to 128; Value '${'v'.repeat(257)}' at 'tags.2.member.value' ` +
          'failed to satisfy constraint: Member must have length less than or equal to 256',
      );
      const emptyKey = await rejection(sfn.send(new UntagResourceCommand({ resourceArn, tagKeys: [''] })));
      assert.equal(emptyKey.name, 'ValidationException');
      assert.equal(
        emptyKey.message,
        "1 validation error detected: Value '' at 'tagKeys.1.member' failed to satisfy constraint: " +
          'Member must have length greater than or equal to 1',
      );
    });

    test('ValidateStateMachineDefinition answers CreateStateMachine’s problems as diagnostics', async () => {
      const validate = (
        input: Omit<ValidateStateMachineDefinitionCommand['input'], 'definition'>,
        definition: string,
      ) => sfn.send(new ValidateStateMachineDefinitionCommand({ definition, ...input }));

      const ok = await validate({}, FIRST);
      assert.equal(ok.result, 'OK');
      assert.deepEqual(ok.diagnostics, []);
      assert.equal(ok.truncated, false);

      const broken = await validate({ severity: 'WARNING' }, BROKEN);
      assert.equal(broken.result, 'FAIL');
      assert.deepEqual(broken.diagnostics, [
        {
          severity: 'ERROR',
          code: 'MISSING_TRANSITION_TARGET',
          message: "Missing 'Next' target: Nowhere",
          location: '/States/A/Next',
        },
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: 'The field "Next" or "End" is required',
          location: '/States/B',
        },
        { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
      ]);
      // The first diagnostic is what CreateStateMachine refuses the definition with.
      const refused = await rejection(create('never', BROKEN));
      const [first] = broken.diagnostics!;
      assert.equal(
        refused.message,
        `Invalid State Machine Definition: '${first!.code}: ${first!.message} at ${first!.location}'`,
      );
      const truncated = await validate({ maxResults: 1 }, BROKEN);
      assert.equal(truncated.diagnostics!.length, 1);
      assert.equal(truncated.truncated, true);

      // The graph and the fields each state type takes, as AWS answers them (measured).
      const loop = { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } };
      const endless = JSON.stringify({ StartAt: 'A', States: loop });
      assert.deepEqual((await validate({}, endless)).diagnostics, [
        { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
      ]);
      assert.equal(
        (await rejection(create('endless', endless))).message,
        "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'",
      );
      const stranded = JSON.stringify({ StartAt: 'A', States: { ...loop, C: { Type: 'Pass', End: true } } });
      assert.deepEqual((await validate({}, stranded)).diagnostics, [
        {
          severity: 'ERROR',
          code: 'MISSING_TRANSITION_TARGET',
          message: 'State "C" is not reachable.',
          location: '/States/C',
        },
      ]);
      const misplaced = JSON.stringify({
        StartAt: 'P',
        States: {
          P: { Type: 'Pass', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], Next: 'C' },
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Gone' }],
            Default: 'Lost',
            TimeoutSeconds: 5,
          },
        },
      });
      assert.deepEqual((await validate({}, misplaced)).diagnostics, [
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: "Field 'Catch' is not supported",
          location: '/States/P',
        },
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: "Field 'TimeoutSeconds' is not supported",
          location: '/States/C',
        },
        {
          severity: 'ERROR',
          code: 'MISSING_TRANSITION_TARGET',
          message: "Missing 'Next' target: Gone",
          location: '/States/C/Choices[0]/Next',
        },
        {
          severity: 'ERROR',
          code: 'MISSING_TRANSITION_TARGET',
          message: "Missing 'Next' target: Lost",
          location: '/States/C/Default',
        },
        { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
      ]);

      // A state's fields belong to its query language; nested states inherit the machine's.
      const schema = (message: string, location: string) => ({
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message,
        location,
      });
      const mixed = JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'Back',
        States: {
          Back: { Type: 'Pass', QueryLanguage: 'JSONPath', Output: '{% 1 %}', Next: 'Each' },
          Each: {
            Type: 'Map',
            ResultPath: '$.r',
            ItemProcessor: {
              QueryLanguage: 'JSONata',
              StartAt: 'I',
              States: { I: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      });
      assert.deepEqual((await validate({}, mixed)).diagnostics, [
        schema(
          "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
          '/States/Back',
        ),
        schema(
          "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
          '/States/Back',
        ),
        schema(
          "The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage",
          '/States/Each',
        ),
        schema("Field 'QueryLanguage' is not supported", '/States/Each/ItemProcessor'),
      ]);

      assert.deepEqual((await validate({}, JSON.stringify({ Comment: 'none' }))).diagnostics, [
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: 'These fields are required: [States, StartAt]',
          location: '/',
        },
      ]);
      const notJson = await validate({}, 'not a definition');
      assert.equal(notJson.result, 'FAIL');
      assert.equal(notJson.diagnostics![0]!.code, 'INVALID_JSON_DESCRIPTION');
      assert.deepEqual((await validate({}, '')).diagnostics, [
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: 'Definition must be a valid JSON object',
        },
      ]);

      // Express workflows have no callback tasks; Standard ones do.
      assert.equal((await validate({ type: 'STANDARD' }, CALLBACK)).result, 'OK');
      assert.deepEqual((await validate({ type: 'EXPRESS' }, CALLBACK)).diagnostics, [
        {
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message: "Express state machine does not support '.waitForTaskToken' service integration ",
          location: '/States/Ask/Resource',
        },
      ]);

      const outOfRange = await rejection(validate({ maxResults: 101, type: 'NEITHER' as never }, FIRST));
      assert.equal(outOfRange.name, 'ValidationException');
      assert.equal(
        outOfRange.message,
        "2 validation errors detected: Value 'NEITHER' at 'type' failed to satisfy constraint: " +
          "Member must satisfy enum value set: [STANDARD, EXPRESS]; Value '101' at 'maxResults' " +
          'failed to satisfy constraint: Member must have value less than or equal to 100',
      );
    });
  });
}
