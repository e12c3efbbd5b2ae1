/**
 * Vitest global setup of the `deploy` project: runs `serverless package` offline and provides
 * where it wrote the artifacts (`inject('packagedService')`). Packaged as a platform team
 * deploys it (a stage, a region, the organization id, the sweep's regions); with the sweep's
 * regions only (the one required parameter), as `npm run package -- --param=…` runs it; with a
 * standard that lets ecr-guard manage the registry's scanning configuration; and without any
 * parameter, which must fail, naming the missing one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packageService, ServerlessPackageError } from '../../harness/serverless-package.ts';

/** The parameters the deployment tests package with. */
export const PACKAGE_PARAMETERS = {
  stage: 'ci',
  region: 'eu-west-1',
  organizationId: 'o-exampleorg1',
  sweepRegions: 'eu-west-1,us-east-1',
} as const;

/** A standard with `scanning.manageRegistry: true`, relative to the service folder. */
export const MANAGE_REGISTRY_STANDARD = 'test/fixtures/standards/manage-registry.yml';

export interface PackagedServiceInfo {
  /** Packaged with PACKAGE_PARAMETERS. */
  outDir: string;
  /** Packaged with only the sweep's regions. */
  bareOutDir: string;
  /** Packaged with PACKAGE_PARAMETERS and {@link MANAGE_REGISTRY_STANDARD}. */
  manageRegistryOutDir: string;
  /** What `serverless package` said when it was given no parameter at all (it must fail). */
  withoutParameters: { failed: boolean; output: string };
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
  const manageRegistryOutDir = mkdtempSync(join(tmpdir(), 'ecr-guard-package-registry-'));
  const unsetOutDir = mkdtempSync(join(tmpdir(), 'ecr-guard-package-unset-'));
  folders.push(outDir, bareOutDir, manageRegistryOutDir, unsetOutDir);
  const { stage, region, organizationId, sweepRegions } = PACKAGE_PARAMETERS;
  // One after the other: the runs share the service folder's .serverless and .build (the
  // compiled standard, left as the default one's for what runs the handlers from the folder).
  await packageService({
    outDir: manageRegistryOutDir,
    stage,
    region,
    params: { organizationId, sweepRegions, standard: MANAGE_REGISTRY_STANDARD },
  });
  const run = await packageService({
    outDir,
    stage,
    region,
    params: { organizationId, sweepRegions },
  });
  await packageService({ outDir: bareOutDir, params: { sweepRegions } });
  let withoutParameters: PackagedServiceInfo['withoutParameters'];
  try {
    const unset = await packageService({ outDir: unsetOutDir });
    withoutParameters = { failed: false, output: unset.output };
  } catch (error) {
    if (!(error instanceof ServerlessPackageError)) throw error;
    withoutParameters = { failed: true, output: error.output };
  }
  process.stderr.write(`serverless package took ${Math.round(run.durationMs)} ms\n`);
  project.provide('packagedService', {
    outDir,
    bareOutDir,
    manageRegistryOutDir,
    withoutParameters,
    durationMs: run.durationMs,
  });
}

export function teardown(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
