/**
 * Fault suite — a brownout: 10 % of ECR calls answered `ThrottlingException` at random,
 * whatever the rate (issue 13, section 3), through the real SDK retry path (the loopback
 * proxy in front of the emulator, 25 ms a call). The sweep must recover: every repository
 * reaches a verdict, none is reported compliant unchecked, and the whole sweep takes at most
 * 1.5 times the same sweep run one repository at a time with no throttling.
 *
 * The SDK's adaptive mode alone lowers a client's rate on every throttle and recovers slowly:
 * random throttles that say nothing about the rate held the sweep far beyond the budget.
 */
import { describe, expect, inject, it } from 'vitest';
import { BROWNOUT_BUDGET, measureBrownout } from '../../../harness/brownout.ts';
import { captureLogs } from '../../support/capture-logs.ts';

const REPOSITORIES = 40;

describe('Fault: a brownout (10 % of ECR calls throttled at random)', () => {
  const endpoint = inject('awsEndpoint');

  it('sweeps every repository to a verdict within 1.5x the throttle-free sequential time', async () => {
    // Prepare
    const logs = captureLogs();

    // Act
    const result = await measureBrownout({
      endpoint,
      repositories: REPOSITORIES,
      share: 0.1,
      seed: 'fault-suite',
      skipRateLimit: true,
    }).finally(() => logs.restore());

    // Assess
    const { sequential, brownout } = result;
    console.info(
      `brownout: ${REPOSITORIES} repositories, sequential unthrottled ${sequential.wallMs} ms; ` +
        `10 % throttled at worker concurrency ${brownout.wallMs} ms ` +
        `(${brownout.throttled} of ${brownout.ecrCalls} ECR calls throttled), ratio ${result.ratio}`,
    );
    expect(sequential).toMatchObject({ verdicts: REPOSITORIES, failed: 0, compliantUnchecked: 0 });
    expect(brownout.throttled).toBeGreaterThan(0);
    expect(brownout).toMatchObject({
      verdicts: REPOSITORIES,
      failed: 0,
      compliantUnchecked: 0,
      compliantAfter: REPOSITORIES,
    });
    expect(result.ratio).toBeLessThanOrEqual(BROWNOUT_BUDGET);
  }, 300_000);
});
