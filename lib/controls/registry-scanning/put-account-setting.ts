import { PutAccountSettingCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';

/** Sets an ECR account setting: basic scanning's engine, here. */
export interface PutAccountSetting {
  action: 'ecr:PutAccountSetting';
  name: 'BASIC_SCAN_TYPE_VERSION';
  value: 'AWS_NATIVE';
}

export const putAccountSetting: RemediationKind<PutAccountSetting> = {
  action: 'ecr:PutAccountSetting',
  // One setting of the whole registry: forget the cached one after writing it.
  registryWide: true,
  async send({ ecr }, { name, value }) {
    await ecr.send(new PutAccountSettingCommand({ name, value }));
  },
};
