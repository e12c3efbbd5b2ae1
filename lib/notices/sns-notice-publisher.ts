/**
 * How a notice is published: on the alerts topic, by the same SNS publisher as the alerts
 * (`SnsAlertPublisher` in lib/alerts, `String` message attributes for filter policies, at
 * most once with the client's at-most-once retry strategy).
 *
 * @module
 */
import type { SnsNoticeMessage } from './notice-message.ts';

/** Sends a notice's message. */
export interface NoticePublisher {
  /** @returns SNS's message id; @throws AwsCallError when SNS fails */
  publish(message: SnsNoticeMessage): Promise<string>;
}
