import type { ServiceDefinition } from '../../core/service.js';
import { dynamodbFrontDoor } from './front-door.js';

/** Amazon DynamoDB and DynamoDB Streams (JSON 1.0, `DynamoDB_20120810.*` and `DynamoDBStreams_20120810.*` targets). */
export const dynamodb: ServiceDefinition = {
  name: 'dynamodb',
  models: ['dynamodb-2012-08-10.min.json', 'streams.dynamodb-2012-08-10.min.json'],
  frontDoor: dynamodbFrontDoor,
  answersUnidentified: true,
  load: async () => (await import('./implementation.js')).implementation,
};
