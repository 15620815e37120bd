// Every error Step Functions answers with here, with AWS's codes and messages.
import { AwsError } from '../../core/aws-error.js';

export const machineNotFound = (arn: string) =>
  new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const machineExists = (arn: string) =>
  new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);

export const executionNotFound = (arn: string) =>
  new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);

export const executionExists = (arn: string) =>
  new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);

export const invalidArn = (arn: string) =>
  new AwsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);

export const invalidName = (name: string) => new AwsError('InvalidName', `Invalid Name: '${name}'`);

export const invalidDefinition = (problem: string) =>
  new AwsError('InvalidDefinition', `Invalid State Machine Definition: '${problem}'`);

export const invalidInput = (problem: string) =>
  new AwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${problem}'`);

export const invalidToken = () => new AwsError('InvalidToken', 'Invalid Token');
