import type { ServiceDefinition } from '../core/service.js';
import { dynamodb } from './dynamodb/index.js';
import { lambda } from './lambda/index.js';
import { monitoring } from './monitoring/index.js';
import { logs } from './logs/index.js';
import { sqs } from './sqs/index.js';
import { states } from './states/index.js';
import { sts } from './sts/index.js';

/**
 * Services whose models are vendored but whose operations are not built yet: the gateway routes
 * their requests and answers each operation 501 NotImplemented in the service's own protocol, and
 * docs/coverage.md lists them.
 */
const modelOnly = (name: string, model: string): ServiceDefinition => ({ name, models: [model] });

/** Every service of the platform, listed statically; each loads on first use. */
export const services: ServiceDefinition[] = [
  sqs,
  sts,
  lambda,
  modelOnly('s3', 's3-2006-03-01.min.json'),
  dynamodb,
  states,
  modelOnly('sns', 'sns-2010-03-31.min.json'),
  modelOnly('events', 'events-2015-10-07.min.json'),
  logs,
  monitoring,
  modelOnly('cloudformation', 'cloudformation-2010-05-15.min.json'),
  modelOnly('apigateway', 'apigateway-2015-07-09.min.json'),
];
