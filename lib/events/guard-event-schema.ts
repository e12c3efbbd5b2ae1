/**
 * The normalizer as a zod schema, for Powertools' `parser` middleware.
 *
 * @module
 */
import * as z from 'zod';
import { InvalidEventError } from './errors.ts';
import type { GuardEvent } from './guard-event.ts';
import { normalizeEvent } from './normalize-event.ts';

/**
 * Validates and normalizes a raw EventBridge event, like {@link normalizeEvent}, as a zod
 * schema: each problem of an {@link InvalidEventError} becomes a zod issue (its text names the
 * field). Any other error is not a validation problem and is thrown.
 *
 * @example
 * ```ts
 * import { parser } from '@aws-lambda-powertools/parser/middleware';
 *
 * export const handler = middy(lambdaHandler).use(parser({ schema: GuardEventSchema }));
 * ```
 */
export const GuardEventSchema = z.unknown().transform((raw, ctx): GuardEvent => {
  try {
    return normalizeEvent(raw);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) {
      throw error;
    }
    for (const issue of error.issues) {
      ctx.issues.push({ code: 'custom', message: issue, input: raw });
    }
    return z.NEVER;
  }
});
