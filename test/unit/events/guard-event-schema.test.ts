import { describe, expect, it } from 'vitest';
import { GuardEventSchema } from '#lib/events/guard-event-schema.ts';
import { loadEventFixture, withField } from '../../support/fixtures.ts';

const PUSH = 'ecr-image-action-push-success.aws-docs.json';

describe('Schema: GuardEventSchema', () => {
  it('turns a raw event into the normalized event', () => {
    // Act
    const result = GuardEventSchema.safeParse(loadEventFixture(PUSH));

    // Assess
    expect(result.success).toBe(true);
    expect(result.data?.kind).toBe('image-pushed');
  });

  it('reports each problem of an invalid event as a zod issue naming the field', () => {
    // Prepare
    const event = withField(loadEventFixture(PUSH), ['account'], 'nope');

    // Act
    const result = GuardEventSchema.safeParse(event);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toStrictEqual([
      'account: expected a 12-digit AWS account id',
    ]);
  });
});
