import { describe, expect, it } from 'vitest';
import { MEMBER_ROLE_NAME, READER_ROLE_NAME } from '#lib/aws/index.ts';
import { DEFAULT_CONCURRENCY_PER_TARGET } from '#lib/sweep/index.ts';
import { OVERALL_PER_TARGET_RATIO } from '../../../cli/sweep-command.ts';
import { HANDLE_USAGE, SWEEP_OPTIONS_USAGE } from '../../../cli/usage.ts';

describe('Module: cli/usage', () => {
  it('quotes the member roles the code assumes', () => {
    // Assess
    expect(HANDLE_USAGE).toContain(`default ${MEMBER_ROLE_NAME};`);
    expect(HANDLE_USAGE).toContain(`the read-only ${READER_ROLE_NAME}`);
    expect(SWEEP_OPTIONS_USAGE).toContain(`(default ${MEMBER_ROLE_NAME})`);
  });

  it('quotes the sweep’s concurrency as the code bounds it', () => {
    // Assess
    expect(SWEEP_OPTIONS_USAGE).toContain(`(default ${DEFAULT_CONCURRENCY_PER_TARGET});`);
    expect(SWEEP_OPTIONS_USAGE).toContain(`at most ${OVERALL_PER_TARGET_RATIO}×N`);
  });
});
