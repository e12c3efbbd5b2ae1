/**
 * The CloudTrail record of `PutAccountSetting`: which setting was changed.
 *
 * @module
 */
import * as z from 'zod';
import { EcrApiCallSchema } from './cloudtrail-record.ts';
import { AccountIdSchema } from './primitives.ts';

/** `PutAccountSetting`: the setting's name (`BASIC_SCAN_TYPE_VERSION`, `REGISTRY_POLICY_SCOPE`). */
export const AccountSettingCallSchema = EcrApiCallSchema.extend({
  requestParameters: z.object({
    registryId: AccountIdSchema.nullish(),
    name: z.string().min(1).max(64),
    value: z.string().max(64).nullish(),
  }),
});
export type AccountSettingCall = z.infer<typeof AccountSettingCallSchema>;
