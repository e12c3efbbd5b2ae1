import { PutImageScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';

/** Turns on a repository's own scan on push (basic scanning). */
export interface PutImageScanningConfiguration {
  action: 'ecr:PutImageScanningConfiguration';
  repositoryName: string;
  scanOnPush: true;
}

export const putImageScanningConfiguration: RemediationKind<PutImageScanningConfiguration> = {
  action: 'ecr:PutImageScanningConfiguration',
  async send({ ecr }, { repositoryName, scanOnPush }) {
    await ecr.send(
      new PutImageScanningConfigurationCommand({
        repositoryName,
        imageScanningConfiguration: { scanOnPush },
      }),
    );
  },
};
