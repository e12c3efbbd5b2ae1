import { GetAccountSettingCommand } from '@aws-sdk/client-ecr';
import { defineRegistryFact } from '../fact.ts';

/** The account setting that chooses basic scanning's engine. */
export const BASIC_SCAN_TYPE_VERSION = 'BASIC_SCAN_TYPE_VERSION';
/** The current engine; `CLAIR` is the older one, being retired. */
export const AWS_NATIVE = 'AWS_NATIVE';

/**
 * Basic scanning's engine, `GetAccountSetting BASIC_SCAN_TYPE_VERSION`: `AWS_NATIVE` or
 * `CLAIR`; `undefined` when ECR answers no value. Reused like the scanning configuration.
 */
export const basicScanTypeFact = defineRegistryFact({
  name: 'basicScanTypeVersion',
  actions: ['ecr:GetAccountSetting'],
  ttlMs: 5 * 60_000,
  async read({ ecr }): Promise<string | undefined> {
    const out = await ecr.send(new GetAccountSettingCommand({ name: BASIC_SCAN_TYPE_VERSION }));
    return out.value;
  },
});
