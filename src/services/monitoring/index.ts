import type { ServiceDefinition } from '../../core/service.js';

/**
 * Amazon CloudWatch metrics (signing name `monitoring`). Debian's AWS CLI and boto3 speak the query
 * protocol; current SDK v3 clients send awsJson1_0 (`GraniteServiceVersion20100801.*`), served by a
 * JSON variant of the same model (src/protocol/model-variants.ts).
 */
export const monitoring: ServiceDefinition = {
  name: 'monitoring',
  models: ['monitoring-2010-08-01.min.json', 'monitoring-2010-08-01.json'],
  // Lambda writes invocation logs and metrics after answering.
  readsBackgroundWrites: true,
  load: async () => (await import('./implementation.js')).implementation,
};
