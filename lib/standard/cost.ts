/**
 * The `cost` section of ecr-guard.yml: what ECR storage costs, for the "freed" figures of
 * `ecr-guard lifecycle preview` and of the audit reports. Global, like `alerts`: scopes do
 * not change it.
 *
 * @module
 */
import * as z from 'zod';

/** An AWS region name (`eu-west-1`, `us-gov-west-1`). */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Bytes in the GB ECR's storage price is quoted per (AWS bills storage in GiB: 2^30 bytes). */
export const BYTES_PER_GB = 1024 ** 3;

/** The section's documented defaults: the seed's 0.10 per GB-month, in euros. */
export const COST_DEFAULTS = {
  storagePricePerGbMonth: 0.1,
  currency: 'EUR',
} as const;

const price = z.number({ error: 'must be a number' }).nonnegative('must not be negative');

export const CostSchema = z.strictObject({
  storagePricePerGbMonth: price.default(COST_DEFAULTS.storagePricePerGbMonth),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code (EUR, USD, …)')
    .default(COST_DEFAULTS.currency),
  regionPrices: z
    .record(z.string(), price)
    .superRefine((prices, ctx) => {
      for (const region of Object.keys(prices)) {
        if (!REGION_PATTERN.test(region)) {
          ctx.addIssue({ code: 'custom', path: [region], message: 'is not an AWS region name' });
        }
      }
    })
    .default(() => ({})),
});

export type CostSettings = z.output<typeof CostSchema>;

/** What a GB-month of storage costs in one region. */
export interface StoragePrice {
  pricePerGbMonth: number;
  currency: string;
}

/**
 * The storage price of a region: its override in `cost.regionPrices`, else the default.
 *
 * @example
 * ```ts
 * storagePriceFor(standard.cost, 'sa-east-1'); // { pricePerGbMonth: 0.15, currency: 'EUR' }
 * ```
 */
export function storagePriceFor(cost: CostSettings, region: string): StoragePrice {
  return {
    pricePerGbMonth: cost.regionPrices[region] ?? cost.storagePricePerGbMonth,
    currency: cost.currency,
  };
}

/**
 * What storing `bytes` costs a month at `price`, rounded to a millionth of the currency.
 *
 * @example
 * ```ts
 * monthlyStorageCost(5 * BYTES_PER_GB, { pricePerGbMonth: 0.1, currency: 'EUR' }); // 0.5
 * ```
 */
export function monthlyStorageCost(bytes: number, price: StoragePrice): number {
  return Math.round((bytes / BYTES_PER_GB) * price.pricePerGbMonth * 1e6) / 1e6;
}
