/**
 * Vitest global setup of the `deploy` project: runs `serverless package` offline once and
 * provides where it wrote the artifacts (`inject('packagedService')`). Packaged twice: as a platform team deploys it (a stage, a region, the organization id), and bare,
 * as `npm run package` runs it, which must work without any parameter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packageService } from '../../harness/serverless-package.ts';

/** The parameters the deployment tests package with. */
export const PACKAGE_PARAMETERS = {
  stage: 'ci',
  region: 'eu-west-1',
  organizationId: 'o-exampleorg1',
} as const;

export interface PackagedServiceInfo {
  /** Packaged with PACKAGE_PARAMETERS. */
  outDir: string;
  /** Packaged with no option nor parameter. */
  bareOutDir: string;
  /** How long the parametrized `serverless package` took, ms. */
  durationMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packagedService: PackagedServiceInfo;
  }
}

const folders: string[] = [];

export async function setup(project: TestProject): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'ecr-guard-package-'));
  const bareOutDir = mkdtempSync(join(tmpdir(), 'ecr-guard-package-bare-'));
  folders.push(outDir, bareOutDir);
  // One after the other: both runs share the service folder's .serverless.
  const run = await packageService({
    outDir,
    stage: PACKAGE_PARAMETERS.stage,
    region: PACKAGE_PARAMETERS.region,
    params: { organizationId: PACKAGE_PARAMETERS.organizationId },
  });
  await packageService({ outDir: bareOutDir });
  process.stderr.write(`serverless package took ${Math.round(run.durationMs)} ms\n`);
  project.provide('packagedService', { outDir, bareOutDir, durationMs: run.durationMs });
}

export function teardown(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
