/** What ECR would do to one image under a lifecycle policy. */
export type LifecycleAction = 'expire' | 'transition' | 'keep';

export interface ImageDecision {
  imageDigest: string;
  action: LifecycleAction;
  /**
   * The deciding rule: for `expire` and `transition`, the rule that acts; for `keep`, the
   * rule whose selection claims the image (no later rule may act on it), absent when no rule
   * selects it at all.
   */
  rulePriority?: number;
}
