import type { Clock } from './clock.js';
import type { Migration, Storage } from '../storage/types.js';
import type { HttpRequest, HttpResponse, ProtocolName } from '../protocol/types.js';
import type { MockConfig } from '../services/states/mock-config.js';

export interface PlatformConfig {
  host: string;
  port: number;
  dataDir: string;
  storage: 'sqlite' | 'postgres';
  postgresUrl: string | undefined;
  region: string;
  version: string;
  /** Step Functions Local's mock configuration (SFN_MOCK_CONFIG), checked as the node starts. */
  statesMocks?: MockConfig;
  /** The factor Step Functions scales Wait states and retry intervals by (NUBIS_STATES_WAIT_SCALE). */
  statesWaitScale?: number;
}

/**
 * Whose call it is; `signal` ends a long poll early (a poller that stops must not wait out
 * ReceiveMessage's WaitTimeSeconds).
 */
export interface CallScope {
  accountId: string;
  region: string;
  signal?: AbortSignal;
  /** Carries a request's id on, e.g. an asynchronous invocation's into its run. */
  requestId?: string;
}

/** Lets one service call another through the same operation entry points a client uses. */
export interface InternalClient {
  call<O = any>(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    scope: CallScope,
  ): Promise<O>;
}

/** What a service has for its whole life in a process. */
export interface ServiceEnvironment {
  storage: Storage;
  clock: Clock;
  client: InternalClient;
  config: PlatformConfig;
}

/** What an operation sees of one request. */
export interface RequestContext extends ServiceEnvironment {
  requestId: string;
  accountId: string;
  region: string;
  accessKeyId: string;
  service: string;
  operation: string;
  protocol: ProtocolName;
  /** `scheme://host[:port]` as the client addressed us, for URLs handed back (SQS queue URLs). */
  endpoint: string;
  /** The raw request, for the rare operation that reads past its input (SQS posts to a queue URL). */
  http: HttpRequest;
  /** Aborted when the client disconnects or the platform stops; long polls end early on it. */
  signal: AbortSignal;
  /** True for a call from another service (internal client): e.g. it may publish `AWS/` metrics. */
  internal: boolean;
}

/**
 * A plain HTTP request that a service claimed before AWS API identification (a Lambda function
 * URL; API Gateway stages later). The service answers it in its own terms, not through a codec.
 */
export interface ClaimedRequest {
  http: HttpRequest;
  requestId: string;
  /** The address of the immediate TCP peer. */
  sourceIp: string;
  /** The SigV4 access key when the request is signed (signatures are parsed, not verified). */
  accessKeyId: string | undefined;
}

export type OperationHandler<I = any, O = any> = (ctx: RequestContext, input: I) => Promise<O>;

export interface ServiceImplementation {
  /** Keyed by the exact AWS operation name; a missing entry answers 501 NotImplemented. */
  operations: Partial<Record<string, OperationHandler>>;
  migrations?: Migration[];
  /** Background work (job handlers, sweepers); called once per process, after migrations. */
  start?(env: ServiceEnvironment): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** Answers the requests its definition's `claimsHttp` claimed. */
  serveHttp?(env: ServiceEnvironment, request: ClaimedRequest): Promise<HttpResponse>;
}

/** What a front door knows of a request besides the request itself. */
export interface FrontDoorRequest {
  http: HttpRequest;
  requestId: string;
  /** The region the request names (its SigV4 scope) or the platform's. */
  region: string;
  /** Whether the service's model has this operation. */
  knowsOperation(name: string): boolean;
}

/**
 * A service's own HTTP front end, for services whose front end answers things the codec never
 * sees (DynamoDB's health check on GET, its 404 for other methods, its auth-header checks before
 * any operation, its request-id format and CORS answers).
 */
export interface FrontDoor {
  /** The service's request-id format. */
  requestId?(): string;
  /** Its largest request body; larger ones get `tooLarge()`. */
  maxRequestBytes?: number;
  tooLarge?(request: FrontDoorRequest): HttpResponse;
  /** Answers the request itself, or undefined to let it through to the operation. */
  screen(request: FrontDoorRequest): HttpResponse | undefined;
  /** Adjusts every answer that passed through (headers the service always sends). */
  finish?(request: FrontDoorRequest, response: HttpResponse): HttpResponse;
}

export interface ServiceDefinition {
  /** AWS signing name, as in the SigV4 credential scope: `sqs`, `sts`, `lambda`. */
  name: string;
  /** Vendored model files under `models/`; each gives one codec (SQS has a JSON and a query model). */
  models: string[];
  /** Identifies requests that carry no signing name, by path (SQS queue URLs). */
  matchesPath?(path: string): boolean;
  /**
   * Claims a request that is not an AWS API call (by its Host header or path), before the gateway
   * identifies services; the implementation's `serveHttp` answers it. Cheap: it runs on every request.
   */
  claimsHttp?(request: { path: string; host: string | undefined }): boolean;
  /**
   * Other services write here behind their answers (core/background-writes.ts): a request from
   * outside waits for those in flight in this process, so a caller reads what it caused.
   */
  readsBackgroundWrites?: boolean;
  frontDoor?: FrontDoor;
  /**
   * Answers requests that identify no service (no signature, target, path or host rule): the bare
   * endpoint behaves as this service's (DynamoDB, as DynamoDB-only local endpoints do).
   */
  answersUnidentified?: boolean;
  /** Loaded on first use so that start-up stays fast. Absent while a service is only modelled: every operation answers 501. */
  load?(): Promise<ServiceImplementation>;
}
