/**
 * Parses AWS Signature Version 4 from the `Authorization` header or a presigned query string.
 * Signatures are accepted without verification for now; everything verification will need
 * (signed headers, date, scope, signature) is kept so that checking them later needs no rework.
 */
export interface SigV4Credential {
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** True when the signature came in the query string (a presigned URL). */
  presigned: boolean;
  /** `X-Amz-Date` (yyyymmddThhmmssZ) when present. */
  amzDate: string | undefined;
  /** Presigned URLs: lifetime in seconds. */
  expiresSeconds: number | undefined;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** `Credential=AKID/20260101/us-east-1/sqs/aws4_request` → its five parts. */
function parseScope(
  credential: string,
): Pick<SigV4Credential, 'accessKeyId' | 'date' | 'region' | 'service'> | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, date, region, service };
}

/** `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, as every SDK writes it. */
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]*),\s*Signature=([0-9a-fA-F]*)/;

function parseAuthorizationHeader(header: string, amzDate: string | undefined): SigV4Credential | undefined {
  const match = AUTHORIZATION.exec(header);
  const scope = match ? parseScope(match[1]!) : undefined;
  if (!match || !scope) return undefined;
  return {
    accessKeyId: scope.accessKeyId,
    date: scope.date,
    region: scope.region,
    service: scope.service,
    signedHeaders: match[2]!.split(';'),
    signature: match[3]!,
    presigned: false,
    amzDate,
    expiresSeconds: undefined,
  };
}

function parsePresignedQuery(query: URLSearchParams): SigV4Credential | undefined {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) return undefined;
  const scope = parseScope(query.get('X-Amz-Credential') ?? '');
  if (!scope) return undefined;
  const expires = Number(query.get('X-Amz-Expires'));
  return {
    ...scope,
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean),
    signature: query.get('X-Amz-Signature') ?? '',
    presigned: true,
    amzDate: query.get('X-Amz-Date') ?? undefined,
    expiresSeconds: Number.isFinite(expires) ? expires : undefined,
  };
}

/** The access key of a legacy `AWS AKID:signature` (SigV2) header, which some S3 tools still send. */
function parseV2AccessKey(header: string): string | undefined {
  const match = /^AWS ([^:\s]+):/.exec(header);
  return match?.[1];
}

export interface RequestSignature {
  credential: SigV4Credential | undefined;
  accessKeyId: string | undefined;
}

export function parseSignature(headers: Record<string, string>, rawQuery: string): RequestSignature {
  const authorization = headers['authorization'];
  if (authorization) {
    const credential = parseAuthorizationHeader(authorization, headers['x-amz-date']);
    return { credential, accessKeyId: credential?.accessKeyId ?? parseV2AccessKey(authorization) };
  }
  if (rawQuery.includes('X-Amz-Credential')) {
    const credential = parsePresignedQuery(new URLSearchParams(rawQuery));
    return { credential, accessKeyId: credential?.accessKeyId };
  }
  return { credential: undefined, accessKeyId: undefined };
}
