// State machine versions and aliases through @aws-sdk/client-sfn on both storages: publishing
// (CreateStateMachine and UpdateStateMachine `publish`, PublishStateMachineVersion), listing and
// deleting versions, aliases and their routing, executions started through a version or an alias
// (which definition they ran, what DescribeExecution, the history and ListExecutions show), and the
// errors AWS answers. The node runs a manual clock, so that creation dates differ when the test says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type RoutingConfigurationListItem,
} from '@aws-sdk/client-sfn';
import { sdkConfig, startNubis, storages, type NubisProcess } from '../../support/nubis.js';
import { rejection } from '../../support/rejection.js';
import { ended as endedExecution } from './support.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/states`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/other`;

/** A machine whose output says which definition ran. */
const passing = (version: string) =>
  JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { version }, End: true } } });

const ONE = passing('one');
const TWO = passing('two');

const ALIAS_NAME_PATTERN = '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$';

for (const storage of storages()) {
  describe(`Step Functions versions and aliases (${storage})`, () => {
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

    const create = (
      name: string,
      definition: string,
      fields: { publish?: boolean; versionDescription?: string } = {},
    ) => sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, ...fields }));
    const describeMachine = (stateMachineArn: string) =>
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    const publish = (stateMachineArn: string, fields: { revisionId?: string; description?: string } = {}) =>
      sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, ...fields }));
    const versionsOf = async (stateMachineArn: string) =>
      (await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions!.map(
        (version) => version.stateMachineVersionArn,
      );
    const createAlias = (
      name: string,
      routingConfiguration: RoutingConfigurationListItem[],
      description?: string,
    ) => sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration, description }));
    const start = async (stateMachineArn: string) =>
      (await sfn.send(new StartExecutionCommand({ stateMachineArn }))).executionArn!;
    const ended = (executionArn: string) => endedExecution(sfn, executionArn);
    const listed = async (stateMachineArn: string) =>
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions!.map(
        (execution) => execution.executionArn,
      );

    /** A machine with versions 1 (ONE) and 2 (TWO), the machine itself at TWO. */
    async function twoVersions(name: string) {
      const created = await create(name, ONE, { publish: true });
      const machine = created.stateMachineArn!;
      const updated = await sfn.send(
        new UpdateStateMachineCommand({ stateMachineArn: machine, definition: TWO, publish: true }),
      );
      assert.equal(updated.stateMachineVersionArn, `${machine}:2`);
      return { machine, v1: `${machine}:1`, v2: `${machine}:2` };
    }

    test('publishing: on create and update, idempotent per revision, numbers never given twice', async () => {
      const created = await create('versioned', ONE, { publish: true, versionDescription: 'first' });
      const machine = created.stateMachineArn!;
      assert.equal(created.stateMachineVersionArn, `${machine}:1`);
      // The same creation again answers the same machine and version; another publish is another machine.
      const again = await create('versioned', ONE, { publish: true, versionDescription: 'first' });
      assert.equal(again.stateMachineVersionArn, `${machine}:1`);
      assert.equal((await rejection(create('versioned', ONE))).name, 'StateMachineAlreadyExists');
      const unpublished = await rejection(create('described', ONE, { versionDescription: 'no version' }));
      assert.equal(unpublished.name, 'ValidationException');
      assert.equal(unpublished.message, 'Version description can only be set when publish is true');

      const first = await describeMachine(`${machine}:1`);
      assert.equal(first.stateMachineArn, `${machine}:1`);
      assert.equal(first.name, 'versioned');
      assert.equal(first.definition, ONE);
      assert.equal(first.description, 'first');
      assert.equal(first.roleArn, ROLE);
      assert.equal(first.type, 'STANDARD');
      assert.equal(first.revisionId, undefined);
      assert.equal((await describeMachine(machine)).description, undefined);

      // Nothing changed since version 1: publishing answers it.
      assert.equal((await publish(machine)).stateMachineVersionArn, `${machine}:1`);
      assert.equal(
        (await publish(machine, { revisionId: 'INITIAL' })).stateMachineVersionArn,
        `${machine}:1`,
      );

      const updated = await sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn: machine,
          definition: TWO,
          roleArn: OTHER_ROLE,
          publish: true,
          versionDescription: 'second',
        }),
      );
      assert.equal(updated.stateMachineVersionArn, `${machine}:2`);
      const second = await describeMachine(`${machine}:2`);
      assert.equal(second.definition, TWO);
      assert.equal(second.roleArn, OTHER_ROLE);
      assert.equal(second.revisionId, updated.revisionId);
      assert.equal(second.description, 'second');
      // Version 1 is as it was.
      assert.equal((await describeMachine(`${machine}:1`)).definition, ONE);

      const stale = await rejection(publish(machine, { revisionId: 'INITIAL' }));
      assert.equal(stale.name, 'ConflictException');
      assert.equal(stale.$metadata.httpStatusCode, 409);
      assert.equal(
        stale.message,
        `Failed to publish the State Machine version for revision INITIAL. The current State Machine revision is ${updated.revisionId}.`,
      );
      assert.equal(
        (await publish(machine, { revisionId: updated.revisionId })).stateMachineVersionArn,
        `${machine}:2`,
      );

      // Deleting is idempotent; the deleted version is gone and its number is not given again.
      await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${machine}:2` }));
      await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${machine}:2` }));
      const gone = await rejection(describeMachine(`${machine}:2`));
      assert.equal(gone.name, 'StateMachineDoesNotExist');
      assert.equal(gone.message, `State Machine Does Not Exist: '${machine}:2'`);
      assert.equal((await publish(machine)).stateMachineVersionArn, `${machine}:3`);
      assert.deepEqual(await versionsOf(machine), [`${machine}:3`, `${machine}:1`]);

      const page = await sfn.send(
        new ListStateMachineVersionsCommand({ stateMachineArn: machine, maxResults: 1 }),
      );
      assert.deepEqual(
        page.stateMachineVersions!.map((version) => version.stateMachineVersionArn),
        [`${machine}:3`],
      );
      const rest = await sfn.send(
        new ListStateMachineVersionsCommand({
          stateMachineArn: machine,
          maxResults: 1,
          nextToken: page.nextToken,
        }),
      );
      assert.deepEqual(
        rest.stateMachineVersions!.map((version) => version.stateMachineVersionArn),
        [`${machine}:1`],
      );
      assert.equal(rest.nextToken, undefined);
    });

    test('versions: what AWS refuses', async () => {
      const { stateMachineArn: machine } = await create('refused', ONE, { publish: true });
      const long = await rejection(publish(machine!, { description: 'x'.repeat(257) }));
      assert.equal(long.name, 'ValidationException');
      assert.equal(
        long.message,
        "1 validation error detected: Value '*** Sensitive Data Redacted ***' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
      );
      const missing = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:nowhere`;
      assert.equal((await rejection(publish(missing))).name, 'StateMachineDoesNotExist');
      // A version ARN names no machine to update (AWS answers so).
      const onVersion = await rejection(
        sfn.send(new UpdateStateMachineCommand({ stateMachineArn: `${machine}:1`, definition: TWO })),
      );
      assert.equal(onVersion.name, 'StateMachineDoesNotExist');
      assert.equal(onVersion.message, `State Machine Does Not Exist: '${machine}:1'`);
      const tooMany = await rejection(
        sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: machine, maxResults: 1001 })),
      );
      assert.equal(tooMany.name, 'ValidationException');
      assert.equal(
        tooMany.message,
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      );
      const notVersion = await rejection(
        sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: machine })),
      );
      assert.equal(notVersion.name, 'InvalidArn');
      // Versions are not taggable.
      const tagged = await rejection(
        sfn.send(new TagResourceCommand({ resourceArn: `${machine}:1`, tags: [{ key: 'k', value: 'v' }] })),
      );
      assert.equal(tagged.name, 'ResourceNotFound');
    });

    test('an execution started through a version runs that version, and shows it', async () => {
      const { machine, v1, v2 } = await twoVersions('runner');
      const throughVersion = await start(v1);
      const direct = await start(machine);

      const ranVersion = await ended(throughVersion);
      assert.equal(ranVersion.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(ranVersion.output!), { version: 'one' });
      assert.equal(ranVersion.stateMachineArn, machine);
      assert.equal(ranVersion.stateMachineVersionArn, v1);
      assert.equal(ranVersion.stateMachineAliasArn, undefined);
      const ranMachine = await ended(direct);
      assert.deepEqual(JSON.parse(ranMachine.output!), { version: 'two' });
      assert.equal(ranMachine.stateMachineVersionArn, undefined);

      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: throughVersion }));
      assert.equal(history.events![0]!.executionStartedEventDetails!.stateMachineVersionArn, v1);

      assert.deepEqual(new Set(await listed(machine)), new Set([throughVersion, direct]));
      assert.deepEqual(await listed(v1), [throughVersion]);
      assert.deepEqual(await listed(v2), []);
      const items = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions!;
      assert.equal(items.find((item) => item.executionArn === throughVersion)!.stateMachineVersionArn, v1);
      assert.equal(items.find((item) => item.executionArn === direct)!.stateMachineVersionArn, undefined);

      const missing = await rejection(start(`${machine}:9`));
      assert.equal(missing.name, 'StateMachineDoesNotExist');
      assert.equal(missing.message, `State Machine Does Not Exist: '${machine}:9'`);
    });

    test('aliases: create (again, idempotently), describe, update, list, delete', async () => {
      const { machine, v1, v2 } = await twoVersions('aliased');
      const live = await createAlias('live', [{ stateMachineVersionArn: v1, weight: 100 }], 'the live one');
      assert.equal(live.stateMachineAliasArn, `${machine}:live`);
      const again = await createAlias('live', [{ stateMachineVersionArn: v1, weight: 100 }], 'the live one');
      assert.equal(again.stateMachineAliasArn, live.stateMachineAliasArn);
      assert.equal(again.creationDate!.getTime(), live.creationDate!.getTime());
      const other = await rejection(
        createAlias('live', [{ stateMachineVersionArn: v1, weight: 100 }], 'another'),
      );
      assert.equal(other.name, 'ConflictException');
      assert.equal(
        other.message,
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
      );

      const liveArn = live.stateMachineAliasArn!;
      const described = await sfn.send(
        new DescribeStateMachineAliasCommand({ stateMachineAliasArn: liveArn }),
      );
      assert.equal(described.name, 'live');
      assert.equal(described.description, 'the live one');
      assert.deepEqual(described.routingConfiguration, [{ stateMachineVersionArn: v1, weight: 100 }]);
      assert.equal(described.updateDate!.getTime(), described.creationDate!.getTime());
      // An alias is no state machine to describe.
      assert.equal((await rejection(describeMachine(liveArn))).name, 'StateMachineDoesNotExist');

      // An alias routing to a version keeps it.
      const routed = await rejection(
        sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 })),
      );
      assert.equal(routed.name, 'ConflictException');
      assert.equal(
        routed.message,
        'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]',
      );

      await nubis.advanceClock(1000);
      const canary = await createAlias('canary', [
        { stateMachineVersionArn: v1, weight: 50 },
        { stateMachineVersionArn: v2, weight: 50 },
      ]);
      const aliasesOf = async (stateMachineArn: string, maxResults?: number, nextToken?: string) =>
        sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn, maxResults, nextToken }));
      const arnsOf = (page: { stateMachineAliases?: { stateMachineAliasArn?: string }[] }) =>
        page.stateMachineAliases!.map((alias) => alias.stateMachineAliasArn);
      // Newest first (AWS API reference); of a version, the aliases routing to it.
      assert.deepEqual(arnsOf(await aliasesOf(machine)), [canary.stateMachineAliasArn, liveArn]);
      assert.deepEqual(arnsOf(await aliasesOf(v2)), [canary.stateMachineAliasArn]);
      const first = await aliasesOf(machine, 1);
      assert.deepEqual(arnsOf(first), [canary.stateMachineAliasArn]);
      const second = await aliasesOf(machine, 1, first.nextToken);
      assert.deepEqual(arnsOf(second), [liveArn]);
      assert.equal(second.nextToken, undefined);

      await nubis.advanceClock(1000);
      const updated = await sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: liveArn,
          routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
        }),
      );
      const redescribed = await sfn.send(
        new DescribeStateMachineAliasCommand({ stateMachineAliasArn: liveArn }),
      );
      assert.deepEqual(redescribed.routingConfiguration, [{ stateMachineVersionArn: v2, weight: 100 }]);
      assert.equal(redescribed.description, 'the live one');
      assert.equal(redescribed.updateDate!.getTime(), updated.updateDate!.getTime());
      assert.equal(redescribed.updateDate!.getTime(), described.creationDate!.getTime() + 2000);

      await sfn.send(
        new DeleteStateMachineAliasCommand({ stateMachineAliasArn: canary.stateMachineAliasArn }),
      );
      // Deleting an alias that is not there succeeds, as AWS answers.
      await sfn.send(
        new DeleteStateMachineAliasCommand({ stateMachineAliasArn: canary.stateMachineAliasArn }),
      );
      const gone = await rejection(
        sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: canary.stateMachineAliasArn })),
      );
      assert.equal(gone.name, 'ResourceNotFound');
      assert.equal(gone.message, 'Request references a resource that does not exist.');
      const updateGone = await rejection(
        sfn.send(
          new UpdateStateMachineAliasCommand({
            stateMachineAliasArn: canary.stateMachineAliasArn,
            description: 'x',
          }),
        ),
      );
      assert.equal(updateGone.name, 'ResourceNotFound');
      // Nothing routes to version 1 now: it can go, and the aliases listed for it are none.
      assert.deepEqual(arnsOf(await aliasesOf(v1)), []);
      await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
      assert.deepEqual(await versionsOf(machine), [v2]);
    });

    test('aliases: what AWS refuses', async () => {
      const { machine, v1, v2 } = await twoVersions('strict');
      const refused = (name: string, routes: RoutingConfigurationListItem[]) =>
        rejection(createAlias(name, routes));
      const checks: [string, RoutingConfigurationListItem[], string][] = [
        [
          '123',
          [{ stateMachineVersionArn: v1, weight: 100 }],
          `1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ALIAS_NAME_PATTERN}`,
        ],
        [
          'three',
          [
            { stateMachineVersionArn: v1, weight: 50 },
            { stateMachineVersionArn: v2, weight: 30 },
            { stateMachineVersionArn: `${machine}:3`, weight: 20 },
          ],
          `1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=${v1}, weight=50), RoutingConfigurationListItem(stateMachineVersionArn=${v2}, weight=30), RoutingConfigurationListItem(stateMachineVersionArn=${machine}:3, weight=20)]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2`,
        ],
        [
          'heavy',
          [{ stateMachineVersionArn: v1, weight: 101 }],
          "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
        ],
        [
          'twice',
          [
            { stateMachineVersionArn: v1, weight: 50 },
            { stateMachineVersionArn: v1, weight: 50 },
          ],
          `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
        ],
        [
          'unversioned',
          [
            { stateMachineVersionArn: machine, weight: 70 },
            { stateMachineVersionArn: v2, weight: 30 },
          ],
          `Routing configuration must contain state machine version ARNs. Received: [${machine}, ${v2}]`,
        ],
        [
          'short',
          [
            { stateMachineVersionArn: v1, weight: 70 },
            { stateMachineVersionArn: v2, weight: 29 },
          ],
          'Sum of routing configuration weights must equal 100. Received: [70, 29]',
        ],
      ];
      for (const [name, routes, message] of checks) {
        const error = await refused(name, routes);
        assert.equal(error.name, 'ValidationException', name);
        assert.equal(error.message, message, name);
      }
      const missing = await refused('missing', [{ stateMachineVersionArn: `${machine}:7`, weight: 100 }]);
      assert.equal(missing.name, 'ResourceNotFound');
      const { stateMachineAliasArn } = await createAlias('plain', [
        { stateMachineVersionArn: v1, weight: 100 },
      ]);
      const nothing = await rejection(sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn })));
      assert.equal(nothing.name, 'ValidationException');
      // Nothing of it was created or changed.
      const listed = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machine }));
      assert.deepEqual(
        listed.stateMachineAliases!.map((alias) => alias.stateMachineAliasArn),
        [stateMachineAliasArn],
      );
      const notAlias = await rejection(
        sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: v1 })),
      );
      assert.equal(notAlias.name, 'InvalidArn');
    });

    test('an alias runs each execution with a version its weights pick, and shows both', async () => {
      const { machine, v1, v2 } = await twoVersions('routed');
      const { stateMachineAliasArn: alias } = await createAlias('routes', [
        { stateMachineVersionArn: v1, weight: 100 },
        { stateMachineVersionArn: v2, weight: 0 },
      ]);
      const throughAlias = await start(alias!);
      const ran = await ended(throughAlias);
      assert.deepEqual(JSON.parse(ran.output!), { version: 'one' });
      assert.equal(ran.stateMachineArn, machine);
      assert.equal(ran.stateMachineAliasArn, alias);
      assert.equal(ran.stateMachineVersionArn, v1);
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: throughAlias }));
      const startedDetails = history.events![0]!.executionStartedEventDetails!;
      assert.equal(startedDetails.stateMachineAliasArn, alias);
      assert.equal(startedDetails.stateMachineVersionArn, v1);

      await sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: alias,
          routingConfiguration: [
            { stateMachineVersionArn: v1, weight: 0 },
            { stateMachineVersionArn: v2, weight: 100 },
          ],
        }),
      );
      const afterUpdate = await ended(await start(alias!));
      assert.deepEqual(JSON.parse(afterUpdate.output!), { version: 'two' });
      assert.equal(afterUpdate.stateMachineVersionArn, v2);

      // Half and half: over 40 starts both versions run (all on one side has odds of 2^-39).
      await sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: alias,
          routingConfiguration: [
            { stateMachineVersionArn: v1, weight: 50 },
            { stateMachineVersionArn: v2, weight: 50 },
          ],
        }),
      );
      const picked = new Set<string>();
      for (let index = 0; index < 40; index++) {
        const executionArn = await start(alias!);
        picked.add((await sfn.send(new DescribeExecutionCommand({ executionArn }))).stateMachineVersionArn!);
      }
      assert.deepEqual(picked, new Set([v1, v2]));

      // ListExecutions of an alias lists what it started; of a version, also what aliases started with it.
      const ofAlias = await listed(alias!);
      assert.equal(ofAlias.length, 42);
      assert.ok(ofAlias.includes(throughAlias));
      assert.ok((await listed(v1)).includes(throughAlias));
      const item = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: alias }))).executions!.find(
        (execution) => execution.executionArn === throughAlias,
      )!;
      assert.equal(item.stateMachineAliasArn, alias);
      assert.equal(item.stateMachineVersionArn, v1);
      const missing = await rejection(start(`${machine}:gone`));
      assert.equal(missing.name, 'StateMachineDoesNotExist');
    });

    test('DeleteStateMachine deletes its versions and aliases', async () => {
      const { machine, v1 } = await twoVersions('doomed');
      const { stateMachineAliasArn } = await createAlias('doomed-alias', [
        { stateMachineVersionArn: v1, weight: 100 },
      ]);
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machine }));
      assert.equal((await rejection(describeMachine(v1))).name, 'StateMachineDoesNotExist');
      assert.equal(
        (await rejection(sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn })))).name,
        'ResourceNotFound',
      );
      assert.equal((await rejection(start(stateMachineAliasArn!))).name, 'StateMachineDoesNotExist');
      // A machine made again under the name starts with none of them.
      await create('doomed', ONE);
      assert.deepEqual(await versionsOf(machine), []);
      const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machine }));
      assert.deepEqual(aliases.stateMachineAliases, []);
    });
  });
}
