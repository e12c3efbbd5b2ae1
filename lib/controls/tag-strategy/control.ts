import { defineRepositoryControl } from '../control.ts';
import { imagesFact } from '../lifecycle/images-fact.ts';
import { evaluateTagStrategy } from './evaluate.ts';
import { tagStrategySection } from './section.ts';

/**
 * Recent images carry tags of the organization's strategy (versions, commits, dates,
 * environments). Report only: ecr-guard never re-tags an image.
 *
 * @example
 * ```ts
 * tagStrategy.evaluate(state, standard.tagStrategy);
 * ```
 */
export const tagStrategy = defineRepositoryControl({
  name: 'tag-strategy',
  level: 'repository',
  description: {
    compliantWhen:
      'each of the newest `tagStrategy.sampleImages` images (default 20, by push date) carries a tag `tagStrategy.allowed` accepts (default: semantic version, git SHA, date, `prod`, `staging`, `latest`); the others are listed',
    remediation: 'report only',
  },
  section: tagStrategySection,
  // The repository's images, read once for every control and guard that judges them.
  reads: [imagesFact],
  remediations: {},
  enabled: (config) => config.mode !== 'off',
  evaluate: evaluateTagStrategy,
});
