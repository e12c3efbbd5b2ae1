/**
 * Vitest global setup of the `integration` project: provides `awsEndpoint` (read it with
 * `inject('awsEndpoint')`), the AWS emulator every integration test talks to.
 *
 * Reuses `AWS_ENDPOINT_URL` when it is set and answers; otherwise starts moto through
 * scripts/aws-emulator.sh (installing it on first use) and stops it in `teardown`.
 * It changes no environment variable: unit tests running in the same `vitest run` see
 * exactly the environment they would see alone.
 */
import type { TestProject } from 'vitest/node';
import { type Emulator, probeEndpoint, startEmulator } from '../../harness/emulator.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the AWS emulator (moto), e.g. `http://127.0.0.1:41234`. */
    awsEndpoint: string;
  }
}

let emulator: Emulator | undefined;

export async function setup(project: TestProject): Promise<void> {
  const configured = process.env.AWS_ENDPOINT_URL?.trim();
  if (configured) {
    const probe = await probeEndpoint(configured);
    if (probe !== 'unreachable') {
      if (probe === 'other') {
        process.stderr.write(
          `AWS_ENDPOINT_URL=${configured} answers but is not moto (no /moto-api/): tests that reset it will fail\n`,
        );
      }
      project.provide('awsEndpoint', configured);
      return;
    }
    process.stderr.write(
      `AWS_ENDPOINT_URL=${configured} does not answer; starting a local AWS emulator instead\n`,
    );
  }
  emulator = await startEmulator();
  project.provide('awsEndpoint', emulator.endpoint);
}

export async function teardown(): Promise<void> {
  const running = emulator;
  emulator = undefined;
  await running?.stop();
}
