import type { ServiceDefinition } from '../../core/service.js';

/**
 * Amazon SQS. Current clients speak JSON (`AmazonSQS.*` targets); older CLIs and boto3 still send
 * query requests, sometimes posted to the queue URL itself (`/<account>/<queue name>`).
 */
export const sqs: ServiceDefinition = {
  name: 'sqs',
  models: ['sqs-2012-11-05.min.json', 'sqs-2012-11-05.query.min.json'],
  matchesPath: (path) => /^\/\d{12}\/[^/]+\/?$/.test(path),
  load: async () => (await import('./implementation.js')).implementation,
};
