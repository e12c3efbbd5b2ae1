import type { CostSettings } from '#lib/standard/index.ts';

/** Bytes in the GB ECR's storage price is quoted per (AWS bills storage in GiB: 2^30 bytes). */
export const BYTES_PER_GB = 1024 ** 3;

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
