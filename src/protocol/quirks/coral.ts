// Errors raised by AWS's request framework (coral) rather than by a service carry coral's own
// namespaces in JSON `__type` (e.g. DynamoDB: `com.amazon.coral.validate#ValidationException`).
const CORAL_TYPES: Record<string, string> = {
  ValidationException: 'com.amazon.coral.validate#ValidationException',
  SerializationException: 'com.amazon.coral.service#SerializationException',
  UnknownOperationException: 'com.amazon.coral.service#UnknownOperationException',
  InternalFailure: 'com.amazon.coral.service#InternalFailure',
  MissingAuthenticationTokenException: 'com.amazon.coral.service#MissingAuthenticationTokenException',
  InvalidSignatureException: 'com.amazon.coral.service#InvalidSignatureException',
  IncompleteSignatureException: 'com.amazon.coral.service#IncompleteSignatureException',
  UnrecognizedClientException: 'com.amazon.coral.service#UnrecognizedClientException',
  AccessDeniedException: 'com.amazon.coral.service#AccessDeniedException',
  ThrottlingException: 'com.amazon.coral.availability#ThrottlingException',
  RequestEntityTooLarge: 'com.amazon.coral.service#RequestEntityTooLarge',
};

export function coralErrorType(code: string): string | undefined {
  return CORAL_TYPES[code];
}
