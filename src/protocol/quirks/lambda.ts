// Lambda: REST-JSON. Its modeled exceptions answer `{"Type":"User","Message":"..."}` (capital M;
// "Service" for server faults) while framework errors (validation) answer `{"message":"..."}`.
import type { AwsError } from '../../core/aws-error.js';
import type { ServiceQuirks } from './index.js';
import { coralErrorType } from './coral.js';

export const lambdaQuirks: ServiceQuirks = {
  restJsonErrorBody(error: AwsError) {
    if (coralErrorType(error.code) || error.code === 'UnknownOperationException') {
      return { message: error.message || null, ...error.fields };
    }
    return { Type: error.senderFault ? 'User' : 'Service', Message: error.message, ...error.fields };
  },
};
