// S3: REST-XML with its own error vocabulary and document names that the min model does not keep.
import { AwsError } from '../../core/aws-error.js';
import type { ServiceQuirks } from './index.js';

/** Root elements of S3's output documents (the min model drops them; SDKs ignore them). */
const ROOT_NAMES: Record<string, string> = {
  ListBuckets: 'ListAllMyBucketsResult',
  ListDirectoryBuckets: 'ListAllMyDirectoryBucketsResult',
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  ListObjectVersions: 'ListVersionsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
  ListParts: 'ListPartsResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  DeleteObjects: 'DeleteResult',
  GetBucketAcl: 'AccessControlPolicy',
  GetObjectAcl: 'AccessControlPolicy',
  GetBucketTagging: 'Tagging',
  GetObjectTagging: 'Tagging',
  GetBucketVersioning: 'VersioningConfiguration',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketNotificationConfiguration: 'NotificationConfiguration',
  GetBucketWebsite: 'WebsiteConfiguration',
  GetBucketLogging: 'BucketLoggingStatus',
  GetBucketAccelerateConfiguration: 'AccelerateConfiguration',
  GetBucketRequestPayment: 'RequestPaymentConfiguration',
  GetObjectAttributes: 'GetObjectAttributesResponse',
};

export const s3Quirks: ServiceQuirks = {
  xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',

  xmlRootName: (operation) => ROOT_NAMES[operation],

  /** GetBucketLocation answers `<LocationConstraint xmlns="...">eu-west-1</LocationConstraint>`. */
  xmlTextRoot: (operation) =>
    operation === 'GetBucketLocation'
      ? { member: 'LocationConstraint', element: 'LocationConstraint' }
      : undefined,

  /** S3 does not answer coral validation errors: a missing document is MalformedXML. */
  missingRequired(paths, wireName) {
    const first = paths[0] ?? [];
    if (first.length > 1 || (first[0]?.kind === 'member' && !first[0].shape.location)) {
      return new AwsError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    return new AwsError('InvalidRequest', `Missing required parameter: ${wireName(first)}`);
  },
};
