/**
 * Event source mappings as they are saved with the account (the Lambda API's part of an account snapshot): each
 * mapping's configuration, state, reason, last result and when it last changed (epoch ms, since virtual time
 * starts again at 0 on every page load). Parsing is tolerant per mapping: one unreadable entry is reported and
 * left out, the others come back. Pollers' progress (batches in flight, shard checkpoints) is not saved; SQS
 * messages stay in their queue, so a restored SQS mapping simply polls again.
 */
import type { MappingConfig, MappingState, SourceKind, StartingPosition } from './types';

export const SAVED_MAPPINGS_VERSION = 1;

export interface SavedMapping {
  config: MappingConfig;
  state: MappingState;
  stateTransitionReason: string;
  lastProcessingResult: string;
  /** Epoch ms of the last change of state or configuration. */
  lastModifiedEpochMs: number;
}

export interface SavedMappings {
  version: typeof SAVED_MAPPINGS_VERSION;
  mappings: SavedMapping[];
}

const STATES: readonly MappingState[] = [
  'Creating',
  'Enabling',
  'Enabled',
  'Disabling',
  'Disabled',
  'Updating',
  'Deleting',
];
const KINDS: readonly SourceKind[] = ['sqs', 'dynamodb', 'kinesis'];
const POSITIONS: readonly StartingPosition[] = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'];

class Unreadable extends Error {}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Unreadable(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function string(source: Record<string, unknown>, field: string): string {
  const value = source[field];
  if (typeof value !== 'string') throw new Unreadable(`${field} is not a string`);
  return value;
}

function optionalString(source: Record<string, unknown>, field: string): string | undefined {
  const value = source[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Unreadable(`${field} is not a string`);
  return value;
}

function number(source: Record<string, unknown>, field: string): number {
  const value = source[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Unreadable(`${field} is not a number`);
  return value;
}

function optionalNumber(source: Record<string, unknown>, field: string): number | undefined {
  const value = source[field];
  if (value === undefined || value === null) return undefined;
  return number(source, field);
}

function boolean(source: Record<string, unknown>, field: string): boolean {
  const value = source[field];
  if (typeof value !== 'boolean') throw new Unreadable(`${field} is not true or false`);
  return value;
}

function oneOf<T extends string>(source: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const value = source[field];
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new Unreadable(`${field} is not one of ${allowed.join(', ')}`);
  return value as T;
}

function patterns(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((pattern) => typeof pattern !== 'string'))
    throw new Unreadable('filters is not a list of patterns');
  return [...(value as string[])];
}

function parseConfig(value: unknown): MappingConfig {
  const source = record(value, 'config');
  const position = source.startingPosition;
  return {
    uuid: string(source, 'uuid'),
    kind: oneOf(source, 'kind', KINDS),
    functionName: string(source, 'functionName'),
    qualifier: optionalString(source, 'qualifier'),
    functionArn: string(source, 'functionArn'),
    eventSourceArn: string(source, 'eventSourceArn'),
    enabled: boolean(source, 'enabled'),
    batchSize: number(source, 'batchSize'),
    maximumBatchingWindowInSeconds: number(source, 'maximumBatchingWindowInSeconds'),
    startingPosition:
      position === undefined || position === null ? undefined : oneOf(source, 'startingPosition', POSITIONS),
    startingPositionTimestamp: optionalNumber(source, 'startingPositionTimestamp'),
    reportBatchItemFailures: boolean(source, 'reportBatchItemFailures'),
    filters: patterns(source.filters),
    maximumConcurrency: optionalNumber(source, 'maximumConcurrency'),
    bisectBatchOnFunctionError: boolean(source, 'bisectBatchOnFunctionError'),
    maximumRetryAttempts: number(source, 'maximumRetryAttempts'),
    maximumRecordAgeInSeconds: number(source, 'maximumRecordAgeInSeconds'),
    parallelizationFactor: number(source, 'parallelizationFactor'),
    onFailureDestination: optionalString(source, 'onFailureDestination'),
  };
}

function parseMapping(value: unknown): SavedMapping {
  const source = record(value, 'the mapping');
  return {
    config: parseConfig(source.config),
    state: oneOf(source, 'state', STATES),
    stateTransitionReason: string(source, 'stateTransitionReason'),
    lastProcessingResult: string(source, 'lastProcessingResult'),
    lastModifiedEpochMs: number(source, 'lastModifiedEpochMs'),
  };
}

/**
 * The mappings in a saved Lambda API snapshot, and a sentence for each one that could not be read. A snapshot
 * from before mappings were saved (`{}`) has none; a snapshot of an unknown version is one problem.
 */
export function parseSavedMappings(data: unknown): { mappings: SavedMapping[]; problems: string[] } {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { mappings: [], problems: ['the saved event source mappings are not an object'] };
  const source = data as Record<string, unknown>;
  if (source.eventSourceMappings === undefined) return { mappings: [], problems: [] };
  const saved = source.eventSourceMappings as Partial<SavedMappings> | null;
  if (typeof saved !== 'object' || saved === null || saved.version !== SAVED_MAPPINGS_VERSION)
    return {
      mappings: [],
      problems: [`unknown saved event source mapping version ${String(saved?.version)}`],
    };
  if (!Array.isArray(saved.mappings))
    return { mappings: [], problems: ['the saved event source mappings are not a list'] };
  const mappings: SavedMapping[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  saved.mappings.forEach((entry, index) => {
    try {
      const mapping = parseMapping(entry);
      if (seen.has(mapping.config.uuid)) throw new Unreadable(`UUID ${mapping.config.uuid} appears twice`);
      seen.add(mapping.config.uuid);
      mappings.push(mapping);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      problems.push(`event source mapping ${index + 1} could not be read: ${error.message}`);
    }
  });
  return { mappings, problems };
}
