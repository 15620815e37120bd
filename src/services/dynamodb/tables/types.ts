// The stored shape of a table: what CreateTable and UpdateTable said, in DynamoDB's own member
// names, so that a description is mostly a copy. Counts, sizes and status are added when described.
import type { KeyType } from '../attribute-value.js';

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: KeyType;
}

export interface Projection {
  ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

export interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  NumberOfDecreasesToday: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

export type IndexStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

export interface StoredIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  /** Global indexes only. */
  ProvisionedThroughput?: Throughput;
  IndexStatus?: IndexStatus;
  /** A global index added by UpdateTable stays CREATING until its backfill job ends. */
  Backfilling?: boolean;
}

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

export interface StreamSpecification {
  StreamEnabled: boolean;
  StreamViewType?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

export interface StoredTable {
  TableId: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode: BillingMode;
  /** Set once a table has been switched to on-demand. */
  LastUpdateToPayPerRequestDateTime?: number;
  ProvisionedThroughput: Throughput;
  LocalSecondaryIndexes?: StoredIndex[];
  GlobalSecondaryIndexes?: StoredIndex[];
  StreamSpecification?: StreamSpecification;
  LatestStreamLabel?: string;
  DeletionProtectionEnabled?: boolean;
  TableClass?: string;
}

export type TableStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

export interface TimeToLive {
  AttributeName: string;
  Enabled: boolean;
}

/** A table as a request sees it: its row with pending changes applied if they are due. */
export interface Table {
  id: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  status: TableStatus;
  createdAt: number;
  settlesAt: number;
  stored: StoredTable;
  tags: Record<string, string>;
  ttl: TimeToLive | undefined;
}
