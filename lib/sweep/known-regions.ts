import { partition } from '@aws-sdk/core/client';

/**
 * Whether the AWS SDK's partition data lists `region` by name (`us-east-1`, `cn-north-1`,
 * `us-gov-west-1`, …), and in which partition. A name that only looks like a region
 * (`us-eest-1`) matches a partition's pattern but none of its regions: it is unknown.
 *
 * The SDK's `partition()` returns a region's own data (its `description`) only for a region
 * it lists; for any other name it falls back to the partition whose pattern matches.
 *
 * @example
 * ```ts
 * knownRegion('eu-west-1'); // { partition: 'aws' }
 * knownRegion('us-eest-1'); // undefined
 * ```
 */
export function knownRegion(region: string): { partition: string } | undefined {
  const info: { name: string; description?: string } = partition(region);
  return info.description === undefined ? undefined : { partition: info.name };
}
