/** `npm run bench -- <name>`: sqs | startup | environments | lambda | dynamodb | dynamodb-large | states | states-standard. Benchmarks are scripts, never timed tests. */
import { benchDynamodb } from './dynamodb.js';
import { benchDynamodbLarge } from './dynamodb-large.js';
import { benchEnvironments } from './environments.js';
import { benchLambda } from './lambda.js';
import { benchSqs } from './sqs.js';
import { benchStartup } from './startup.js';
import { benchStates } from './states.js';
import { benchStatesStandard } from './states-standard.js';

const benches: Record<string, () => Promise<void>> = {
  sqs: benchSqs,
  startup: benchStartup,
  environments: benchEnvironments,
  lambda: benchLambda,
  dynamodb: benchDynamodb,
  'dynamodb-large': benchDynamodbLarge,
  states: benchStates,
  'states-standard': benchStatesStandard,
};
const names = process.argv.slice(2);
if (names.length === 0 || names.some((name) => !benches[name])) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
for (const name of names) await benches[name]!();
