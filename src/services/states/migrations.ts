import type { Migration } from '../../storage/types.js';

// Times are epoch ms. A machine's definition is its ASL text as given; an execution keeps the
// definition it started with (DescribeStateMachineForExecution) and its history as JSON lines of
// events, written as it runs (GetExecutionHistory reads them in order).
const MACHINES = `CREATE TABLE states_machines (
  arn TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  logging TEXT NOT NULL,
  tracing TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at BIGINT NOT NULL
)`;

const EXECUTIONS = `CREATE TABLE states_executions (
  arn TEXT PRIMARY KEY,
  machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  started_at BIGINT NOT NULL,
  stopped_at BIGINT
)`;

const EVENTS = `CREATE TABLE states_history (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)
)`;

// Versions: immutable copies of a machine's revision, numbered from 1 per machine; the machine
// counts the numbers it gave (last_version) so that none is given twice, even after a deletion
// (AWS). revision_id is null for the machine's initial revision. Aliases route to one or two
// versions: routing is the JSON of their routingConfiguration, as given.
const VERSIONS = `CREATE TABLE states_versions (
  arn TEXT PRIMARY KEY,
  machine_arn TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  logging TEXT NOT NULL,
  tracing TEXT NOT NULL,
  revision_id TEXT,
  description TEXT,
  created_at BIGINT NOT NULL
)`;

const ALIASES = `CREATE TABLE states_aliases (
  arn TEXT PRIMARY KEY,
  machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  routing TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
)`;

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'state machines and executions',
    async up(db) {
      await db.run(MACHINES);
      await db.run(EXECUTIONS);
      await db.run('CREATE INDEX states_executions_machine ON states_executions (machine_arn, started_at)');
      await db.run(EVENTS);
    },
  },
  {
    id: 2,
    name: 'where a running execution is',
    async up(db) {
      // JSON of the interpreter's Checkpoint; the history grows with it, event by event.
      await db.run('ALTER TABLE states_executions ADD COLUMN checkpoint TEXT');
    },
  },
  {
    id: 3,
    name: 'state machine revisions',
    async up(db) {
      // UpdateStateMachine: the machine's current revision, null until it is first updated.
      await db.run('ALTER TABLE states_machines ADD COLUMN revision_id TEXT');
    },
  },
  {
    id: 4,
    name: 'state machine versions and aliases',
    async up(db) {
      await db.run(VERSIONS);
      await db.run('CREATE INDEX states_versions_machine ON states_versions (machine_arn, version)');
      await db.run(ALIASES);
      await db.run('CREATE INDEX states_aliases_machine ON states_aliases (machine_arn, created_at)');
      await db.run('ALTER TABLE states_machines ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0');
      // CreateStateMachine's idempotency covers publish and versionDescription: JSON of the
      // description the creation published version 1 with, null when it did not publish.
      await db.run('ALTER TABLE states_machines ADD COLUMN created_published TEXT');
      // The version and alias an execution was started through (null: the unqualified ARN).
      await db.run('ALTER TABLE states_executions ADD COLUMN version_arn TEXT');
      await db.run('ALTER TABLE states_executions ADD COLUMN alias_arn TEXT');
      await db.run('CREATE INDEX states_executions_version ON states_executions (version_arn, started_at)');
      await db.run('CREATE INDEX states_executions_alias ON states_executions (alias_arn, started_at)');
    },
  },
  {
    id: 5,
    name: 'task tokens',
    async up(db) {
      // A task token of the callback pattern while its execution runs: WAITING until
      // SendTaskSuccess/SendTaskFailure answer it (output, or error and cause) or it times out.
      await db.run(`CREATE TABLE states_task_tokens (
        token TEXT PRIMARY KEY,
        execution_arn TEXT NOT NULL,
        status TEXT NOT NULL,
        output TEXT,
        error TEXT,
        cause TEXT,
        heartbeat_at BIGINT,
        created_at BIGINT NOT NULL
      )`);
      await db.run('CREATE INDEX states_task_tokens_execution ON states_task_tokens (execution_arn)');
    },
  },
  {
    id: 6,
    name: 'activities',
    async up(db) {
      // Activities (CreateActivity): tags as JSON, as a machine's.
      await db.run(`CREATE TABLE states_activities (
        arn TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`);
      await db.run('CREATE INDEX states_activities_scope ON states_activities (account_id, region, name)');
      // An activity task is a task token queued for its activity: the effective input the worker
      // gets, and once a worker took it (GetActivityTask), when and by whom. Null activity_arn: a
      // callback task's token.
      await db.run('ALTER TABLE states_task_tokens ADD COLUMN activity_arn TEXT');
      await db.run('ALTER TABLE states_task_tokens ADD COLUMN input TEXT');
      await db.run('ALTER TABLE states_task_tokens ADD COLUMN started_at BIGINT');
      await db.run('ALTER TABLE states_task_tokens ADD COLUMN worker_name TEXT');
      await db.run(
        'CREATE INDEX states_task_tokens_activity ON states_task_tokens (activity_arn, started_at, created_at)',
      );
    },
  },
  {
    id: 7,
    name: 'redrives',
    async up(db) {
      // RedriveExecution: how often the execution was redriven and when last, and the client tokens
      // of its redrives (JSON: [{ token, at }], the last 10, for idempotency). An ended execution
      // keeps its last checkpoint now (the state it did not get past); one ended before this has
      // none, and is not redrivable.
      await db.run('ALTER TABLE states_executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0');
      await db.run('ALTER TABLE states_executions ADD COLUMN redriven_at BIGINT');
      await db.run('ALTER TABLE states_executions ADD COLUMN redrive_tokens TEXT');
    },
  },
  {
    id: 8,
    name: 'mocked test cases',
    async up(db) {
      // An execution started as a test case of the mock configuration (`<machine arn>#<test case>`):
      // the mocked responses of its states, as JSON, resolved at its start. Each mocked state counts
      // its invocations, which pick its answers.
      await db.run(`CREATE TABLE states_mocked_executions (
        execution_arn TEXT PRIMARY KEY,
        test_case TEXT NOT NULL,
        responses TEXT NOT NULL
      )`);
      await db.run(`CREATE TABLE states_mocked_invocations (
        execution_arn TEXT NOT NULL,
        state TEXT NOT NULL,
        invocations INTEGER NOT NULL,
        PRIMARY KEY (execution_arn, state)
      )`);
    },
  },
  {
    id: 9,
    name: 'map runs',
    async up(db) {
      // The Map Run of a Distributed Map state: its limits (UpdateMapRun changes them while it
      // runs), its items' progress and its end, for DescribeMapRun and ListMapRuns.
      await db.run(`CREATE TABLE states_map_runs (
        arn TEXT PRIMARY KEY,
        execution_arn TEXT NOT NULL,
        machine_arn TEXT NOT NULL,
        status TEXT NOT NULL,
        max_concurrency INTEGER NOT NULL,
        tolerated_count BIGINT,
        tolerated_percentage DOUBLE PRECISION,
        total BIGINT NOT NULL,
        running BIGINT NOT NULL,
        succeeded BIGINT NOT NULL,
        failed BIGINT NOT NULL,
        started_at BIGINT NOT NULL,
        stopped_at BIGINT
      )`);
      await db.run('CREATE INDEX states_map_runs_execution ON states_map_runs (execution_arn, started_at)');
    },
  },
  {
    id: 10,
    name: 'map run child executions',
    async up(db) {
      // A Map Run's STANDARD children are executions: map_run_arn names their Map Run (null for any
      // other execution), item_count the items each processed (an ItemBatcher's batch: several).
      await db.run('ALTER TABLE states_executions ADD COLUMN map_run_arn TEXT');
      await db.run('ALTER TABLE states_executions ADD COLUMN item_count INTEGER');
      await db.run('CREATE INDEX states_executions_map_run ON states_executions (map_run_arn, started_at)');
      // The Map Run counts its child executions apart from its items (DescribeMapRun's
      // executionCounts); a run recorded before counted them as one execution an item.
      for (const column of ['executions', 'executions_running', 'executions_succeeded', 'executions_failed'])
        await db.run(`ALTER TABLE states_map_runs ADD COLUMN ${column} BIGINT NOT NULL DEFAULT 0`);
      await db.run(`UPDATE states_map_runs SET executions = total, executions_running = running,
        executions_succeeded = succeeded, executions_failed = failed`);
    },
  },
];
