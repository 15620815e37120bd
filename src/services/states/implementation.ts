// AWS Step Functions, first part: state machines (created, updated, tagged, their definitions
// validated) and Standard executions run by the States Language interpreter (src/asl). Other
// operations of the 2016-11-23 API (StartSyncExecution, versions and aliases, activities, task
// tokens, TestState…) answer 501 for now.
import type { OperationHandler, ServiceEnvironment, ServiceImplementation } from '../../core/service.js';
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
import { migrations } from './migrations.js';
import { RUN_JOB, runHandler, stopRunners } from './runner.js';
import { ListTagsForResource, TagResource, UntagResource } from './tags.js';
import { SendTaskFailure, SendTaskHeartbeat, SendTaskSuccess } from './tokens.js';
import { UpdateStateMachine } from './update.js';
import { ValidateStateMachineDefinition } from './validation.js';

const operations: Record<string, OperationHandler> = {
  CreateStateMachine,
  DeleteStateMachine,
  DescribeExecution,
  DescribeStateMachine,
  DescribeStateMachineForExecution,
  GetExecutionHistory,
  ListExecutions,
  ListStateMachines,
  ListTagsForResource,
  SendTaskFailure,
  SendTaskHeartbeat,
  SendTaskSuccess,
  StartExecution,
  StopExecution,
  TagResource,
  UntagResource,
  UpdateStateMachine,
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
