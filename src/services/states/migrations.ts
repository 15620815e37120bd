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
];
