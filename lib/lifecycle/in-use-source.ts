import type { InUseState } from './protect-in-use.ts';

/** Where a lifecycle check learns what runs: one account and region at a time. */
export interface InUseSource {
  /** The images in use in the account and region, or why they could not be read. */
  imagesInUse(target: { account: string; region: string }): Promise<InUseState>;
}
