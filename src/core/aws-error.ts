/**
 * An error that AWS itself would answer with. Codecs turn it into the protocol's own error shape.
 *
 * `code` is the error's name in JSON protocols (the modeled exception shape, e.g. `QueueDoesNotExist`).
 * `queryCode` is the code the query protocol uses when it differs (SQS's `awsQueryCompatible` errors,
 * e.g. `AWS.SimpleQueueService.NonExistentQueue`); JSON responses carry it in `x-amzn-query-error`.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly senderFault: boolean;
  readonly queryCode: string | undefined;
  /** Extra members of the error structure (e.g. S3's `BucketName`), serialized beside the message. */
  readonly fields: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      senderFault?: boolean;
      queryCode?: string;
      fields?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status ?? 400;
    this.senderFault = options.senderFault ?? this.status < 500;
    this.queryCode = options.queryCode;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export function isAwsError(error: unknown): error is AwsError {
  return error instanceof AwsError;
}

/** Errors every protocol shares (AWS "common errors"). */
export const CommonErrors = {
  notImplemented: (operation: string, service: string) =>
    new AwsError(
      'NotImplemented',
      `The operation ${operation} of service ${service} is not implemented by Nubis`,
      {
        status: 501,
        senderFault: false,
      },
    ),
  internalFailure: (requestId: string) =>
    new AwsError(
      'InternalFailure',
      `The request processing has failed because of an unknown error. Request id: ${requestId}`,
      {
        status: 500,
        senderFault: false,
      },
    ),
  invalidAction: (action: string) =>
    new AwsError(
      'InvalidAction',
      `The action or operation requested is invalid. Verify that the action is typed correctly: ${action}`,
    ),
  missingAction: () => new AwsError('MissingAction', 'The request must contain the parameter Action.'),
  unknownOperation: (target: string) =>
    new AwsError('UnknownOperationException', `The operation ${target} is not recognized.`),
  serialization: (message: string) => new AwsError('SerializationException', message),
  malformedQueryString: (message: string) => new AwsError('MalformedQueryString', message, { status: 400 }),
  missingParameter: (message: string) => new AwsError('MissingParameter', message),
  validation: (message: string) => new AwsError('ValidationException', message),
  requestTooLarge: (limitBytes: number) =>
    new AwsError('RequestEntityTooLarge', `Request body must be at most ${limitBytes} bytes`, {
      status: 413,
    }),
} as const;
