import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../../../cli/resolve-region.ts';

const dir = mkdtempSync(join(tmpdir(), 'ecr-guard-region-'));
const CONFIG = join(dir, 'config');
writeFileSync(CONFIG, '[default]\nregion = eu-west-1\n\n[profile ops]\nregion = ap-southeast-2\n');

describe('Function: resolveRegion', () => {
  it.each([
    [{ AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' }, 'us-east-1', 'AWS_REGION'],
    [{ AWS_DEFAULT_REGION: 'us-west-2' }, 'us-west-2', 'AWS_DEFAULT_REGION'],
    [{}, 'eu-west-1', `profile default (${CONFIG})`],
    [{ AWS_PROFILE: 'ops' }, 'ap-southeast-2', `profile ops (${CONFIG})`],
  ])('looks where the SDK does: %j', async (env, region, source) => {
    // Act
    const found = await resolveRegion({ AWS_CONFIG_FILE: CONFIG, ...env }, 'give --regions');

    // Assess
    expect(found).toEqual({ region, source });
  });

  it('says where a region can be given when there is none', async () => {
    // Act
    const found = resolveRegion(
      { AWS_CONFIG_FILE: join(dir, 'missing'), AWS_PROFILE: 'ops' },
      'give --regions',
    );

    // Assess
    await expect(found).rejects.toThrow(
      `no AWS region: give --regions, set AWS_REGION, or set region in the profile ops of ${join(dir, 'missing')}`,
    );
  });

  it('refuses a region that is not one', async () => {
    // Act
    const found = resolveRegion({ AWS_REGION: 'Europe' }, 'give --regions');

    // Assess
    await expect(found).rejects.toThrow('AWS_REGION is "Europe", which is not an AWS region');
  });
});
