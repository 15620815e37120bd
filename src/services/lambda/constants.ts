// Lambda's quotas and defaults (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).

/** A zipped deployment package uploaded directly (ZipFile). */
export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;
/** Storage for all functions and layers of an account in a region: 75 GB. */
export const TOTAL_CODE_SIZE = 80_530_636_800;
export const CONCURRENT_EXECUTIONS = 1000;

export const DEFAULT_MEMORY_MB = 128;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;
export const DEFAULT_TIMEOUT_S = 3;
export const MAX_TIMEOUT_S = 900;
/** Environment variables, measured as their JSON: 4 KB. */
export const MAX_ENVIRONMENT_BYTES = 4096;
export const MAX_DESCRIPTION_LENGTH = 256;
export const MAX_TAGS = 50;

/** ListFunctions answers at most 50 functions per page. */
export const MAX_PAGE = 50;
export const LATEST = '$LATEST';
