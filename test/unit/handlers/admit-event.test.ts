import { describe, expect, it, vi } from 'vitest';
import { createAccountAllowList } from '#lib/aws/account-allow-list.ts';
import { admitEvent } from '#lib/handlers/admit-event.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';

const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');

function setup(): { logger: ReturnType<typeof createLogger>; warn: ReturnType<typeof vi.fn> } {
  const logger = createLogger();
  const warn = vi.fn();
  logger.warn = warn;
  return { logger, warn };
}

describe('Function: admitEvent', () => {
  const allowList = createAccountAllowList({
    centralAccount: '111111111111',
    allowed: ['123456789012'],
  });

  it('admits a valid event from an allowed account, normalized', () => {
    // Prepare
    const { logger, warn } = setup();

    // Act
    const admitted = admitEvent(PUSH, { logger, allowList });

    // Assess
    expect(admitted).toMatchObject({ event: { kind: 'image-pushed', account: '123456789012' } });
    expect(warn).not.toHaveBeenCalled();
  });

  it('rejects a malformed event, logging what is wrong', () => {
    // Prepare
    const { logger, warn } = setup();

    // Act
    const admitted = admitEvent(withField(PUSH, ['region'], 'mars'), { logger, allowList });

    // Assess
    expect(admitted).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringContaining('region'),
    });
    expect(warn).toHaveBeenCalledWith(
      'invalid event dropped',
      expect.objectContaining({ issues: expect.any(Array) }),
    );
  });

  it('refuses an event from an account outside the allow-list', () => {
    // Prepare
    const { logger, warn } = setup();

    // Act
    const admitted = admitEvent(withField(PUSH, ['account'], '333333333333'), {
      logger,
      allowList,
    });

    // Assess
    expect(admitted).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('333333333333'),
    });
    expect(warn).toHaveBeenCalledWith(
      'event refused',
      expect.objectContaining({ account: '333333333333' }),
    );
  });
});
