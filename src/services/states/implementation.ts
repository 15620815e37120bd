// AWS Step Functions: state machines (created, updated, tagged, their definitions validated), their
// versions and aliases, durable Standard executions and in-memory Express ones (asynchronous and
// StartSyncExecution) run by the States Language interpreter (src/asl), started from a machine, a
// version or an alias, redriven when they did not succeed, the task tokens of callbacks,
// activities with their workers' tasks, and TestState (one state run on its own). Operations not
// listed answer 501.
import type { OperationHandler, ServiceEnvironment, ServiceImplementation } from '../../core/service.js';
import { CreateActivity, DeleteActivity, DescribeActivity, ListActivities } from './activities.js';
import { GetActivityTask } from './activity-tasks.js';
import {
  DescribeExecution,
  DescribeStateMachineForExecution,
  GetExecutionHistory,
  ListExecutions,
  StartExecution,
  StopExecution,
} from './executions.js';
import {
  CreateStateMachine,
  DeleteStateMachine,
  DescribeStateMachine,
  ListStateMachines,
} from './machines.js';
import {
  CreateStateMachineAlias,
  DeleteStateMachineAlias,
  DescribeStateMachineAlias,
  ListStateMachineAliases,
  UpdateStateMachineAlias,
} from './aliases.js';
import { StartSyncExecution } from './express.js';
import { DescribeMapRun, ListMapRuns, UpdateMapRun } from './map-runs.js';
import { migrations } from './migrations.js';
import { RedriveExecution } from './redrive.js';
import { RUN_JOB, runHandler, stopRunners } from './runner.js';
import { ListTagsForResource, TagResource, UntagResource } from './tags.js';
import { TestState } from './test-state.js';
import { SendTaskFailure, SendTaskHeartbeat, SendTaskSuccess } from './tokens.js';
import { UpdateStateMachine } from './update.js';
import { ValidateStateMachineDefinition } from './validation.js';
import {
  DeleteStateMachineVersion,
  ListStateMachineVersions,
  PublishStateMachineVersion,
} from './versions.js';

const operations: Record<string, OperationHandler> = {
  CreateActivity,
  CreateStateMachine,
  CreateStateMachineAlias,
  DeleteActivity,
  DeleteStateMachine,
  DeleteStateMachineAlias,
  DeleteStateMachineVersion,
  DescribeActivity,
  DescribeExecution,
  DescribeMapRun,
  DescribeStateMachine,
  DescribeStateMachineAlias,
  DescribeStateMachineForExecution,
  GetActivityTask,
  GetExecutionHistory,
  ListActivities,
  ListExecutions,
  ListMapRuns,
  ListStateMachineAliases,
  ListStateMachineVersions,
  ListStateMachines,
  ListTagsForResource,
  PublishStateMachineVersion,
  RedriveExecution,
  SendTaskFailure,
  SendTaskHeartbeat,
  SendTaskSuccess,
  StartExecution,
  StartSyncExecution,
  StopExecution,
  TagResource,
  TestState,
  UntagResource,
  UpdateMapRun,
  UpdateStateMachine,
  UpdateStateMachineAlias,
  ValidateStateMachineDefinition,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  start(env: ServiceEnvironment) {
    env.storage.jobs.register(RUN_JOB, runHandler(env));
  },
  stop() {
    stopRunners();
  },
};
