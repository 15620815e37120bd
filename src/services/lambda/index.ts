import type { ServiceDefinition } from '../../core/service.js';
import { urlTarget } from './url-endpoint.js';

/** AWS Lambda (REST-JSON): the control plane, Invoke, and function URLs (claimed HTTP requests). */
export const lambda: ServiceDefinition = {
  name: 'lambda',
  models: ['lambda-2015-03-31.min.json'],
  claimsHttp: (request) => urlTarget(request) !== undefined,
  load: async () => (await import('./implementation.js')).implementation,
};
