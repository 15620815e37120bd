// Checks of PublishLayerVersion's and the layer list operations' parameters, with Lambda's messages.
import { MAX_DESCRIPTION_LENGTH, MAX_PAGE } from './constants.js';
import { validationError, validationErrors, type ValidationFailure } from './errors.js';

/** Every runtime identifier Lambda accepts for a layer, deprecated ones included, in Lambda's order. */
const LAYER_RUNTIMES = [
  'ruby3.5', 'ruby2.6', 'dotnetcore1.0', 'python3.7', 'nodejs8.10', 'nasa', 'ruby2.7', 'python2.7-greengrass',
  'dotnetcore2.0', 'python3.8', 'java21', 'dotnet6', 'dotnetcore2.1', 'python3.9', 'java11', 'nodejs6.10',
  'provided', 'dotnetcore3.1', 'dotnet8', 'java25', 'java17', 'nodejs', 'nodejs4.3', 'java8.al2', 'go1.x',
  'dotnet10', 'nodejs20.x', 'go1.9', 'byol', 'nodejs10.x', 'provided.al2023', 'nodejs22.x', 'python3.10', 'java8',
  'nodejs12.x', 'python3.11', 'nodejs24.x', 'nodejs8.x', 'python3.12', 'nodejs14.x', 'nodejs8.9', 'nodejs26.x',
  'python3.13', 'python3.14', 'nodejs16.x', 'python3.15', 'provided.al2', 'nodejs4.3-edge', 'nodejs18.x',
  'ruby3.2', 'python3.4', 'ruby3.3', 'ruby3.4', 'ruby2.5', 'python3.6', 'python2.7',
]; // prettier-ignore

/** PublishLayerVersion's message lists only the runtimes functions may still be created with. */
const CURRENT_RUNTIMES = [
  'nodejs20.x', 'python3.14', 'provided.al2023', 'python3.12', 'python3.13', 'nodejs24.x', 'nodejs22.x', 'java25',
  'python3.10', 'python3.11', 'java21', 'ruby3.3', 'ruby3.4', 'ruby3.2', 'python3.8', 'python3.9', 'java17',
  'nodejs16.x', 'dotnet10', 'dotnet8', 'java11', 'dotnet6', 'nodejs18.x', 'provided.al2', 'java8.al2',
]; // prettier-ignore

const ARCHITECTURES = ['x86_64', 'arm64'];
const MAX_COMPATIBLE_RUNTIMES = 15;
const MAX_LICENSE_INFO = 512;

const list = (values: readonly string[]) => `[${values.join(', ')}]`;

function compatibilityFailures(
  runtimes: readonly string[],
  architectures: readonly string[],
): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  if (runtimes.length > MAX_COMPATIBLE_RUNTIMES) {
    const constraint = `Member must have length less than or equal to ${MAX_COMPATIBLE_RUNTIMES}`;
    failures.push({ value: list(runtimes), field: 'compatibleRuntimes', constraint });
  } else if (runtimes.some((runtime) => !LAYER_RUNTIMES.includes(runtime))) {
    const constraint = `Member must satisfy enum value set: ${list(CURRENT_RUNTIMES)}`;
    failures.push({ value: list(runtimes), field: 'compatibleRuntimes', constraint });
  }
  if (architectures.length > ARCHITECTURES.length) {
    const constraint = `Member must have length less than or equal to ${ARCHITECTURES.length}`;
    failures.push({ value: list(architectures), field: 'compatibleArchitectures', constraint });
  } else if (architectures.some((architecture) => !ARCHITECTURES.includes(architecture))) {
    const constraint = `Member must satisfy constraint: [Member must satisfy enum value set: ${list(ARCHITECTURES)}, Member must not be null]`;
    failures.push({ value: list(architectures), field: 'compatibleArchitectures', constraint });
  }
  return failures;
}

export function checkLayerVersionInput(input: {
  CompatibleRuntimes: readonly string[];
  CompatibleArchitectures: readonly string[];
  Description?: string;
  LicenseInfo?: string;
}): void {
  const failures = compatibilityFailures(input.CompatibleRuntimes, input.CompatibleArchitectures);
  if ((input.Description ?? '').length > MAX_DESCRIPTION_LENGTH) {
    const constraint = `Member must have length less than or equal to ${MAX_DESCRIPTION_LENGTH}`;
    failures.push({ value: input.Description, field: 'description', constraint });
  }
  if ((input.LicenseInfo ?? '').length > MAX_LICENSE_INFO) {
    const constraint = `Member must have length less than or equal to ${MAX_LICENSE_INFO}`;
    failures.push({ value: input.LicenseInfo, field: 'licenseInfo', constraint });
  }
  if (failures.length > 0) throw validationErrors(failures);
}

/** ListLayers' and ListLayerVersions' filters; either may be absent. */
export function checkLayerFilter(runtime: string | undefined, architecture: string | undefined): void {
  if (runtime !== undefined && !LAYER_RUNTIMES.includes(runtime)) {
    throw validationError(
      runtime,
      'compatibleRuntime',
      `Member must satisfy enum value set: ${list(LAYER_RUNTIMES)}`,
    );
  }
  if (architecture !== undefined && !ARCHITECTURES.includes(architecture)) {
    throw validationError(
      architecture,
      'compatibleArchitecture',
      `Member must satisfy enum value set: ${list(ARCHITECTURES)}`,
    );
  }
}

/** Layer lists answer at most 50 items a page (MaxItems 1–50). */
export function layerPageSize(maxItems: number | undefined): number {
  if (maxItems === undefined) return MAX_PAGE;
  if (maxItems < 1)
    throw validationError(maxItems, 'maxItems', 'Member must have value greater than or equal to 1');
  if (maxItems > MAX_PAGE) {
    throw validationError(maxItems, 'maxItems', `Member must have value less than or equal to ${MAX_PAGE}`);
  }
  return maxItems;
}
