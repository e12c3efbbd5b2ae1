import {
  canonicalLifecyclePolicyText,
  lifecyclePoliciesEqual,
} from '#lib/lifecycle/lifecycle-policy.ts';
import type { ControlEvaluation, ControlSections, RegistryState } from '../control.ts';
import { type EncryptionConfig, isAllowedKey, KMS_ENCRYPTION_TYPES } from '../encryption/config.ts';
import type { ImmutabilityConfig } from '../immutability/config.ts';
import { evaluateImmutability } from '../immutability/evaluate.ts';
import type { LifecycleConfig } from '../lifecycle/config.ts';
import type { CreationTemplatesConfig } from './config.ts';
import type { CreateRepositoryCreationTemplate } from './create-repository-creation-template.ts';
import type { CreationTemplate } from './creation-templates-fact.ts';
import type { TemplateSettings } from './template-settings.ts';
import type { UpdateRepositoryCreationTemplate } from './update-repository-creation-template.ts';

/** What the control judges: the registry's templates. */
export type CreationTemplatesState = RegistryState & { creationTemplates: CreationTemplate[] };

type Write = CreateRepositoryCreationTemplate | UpdateRepositoryCreationTemplate;

/** What a new repository must get, from the standard's own sections. */
interface Wanted {
  immutability: ImmutabilityConfig;
  lifecycle: LifecycleConfig;
  encryption: EncryptionConfig;
  settings: TemplateSettings;
}

const DESCRIPTION =
  'ecr-guard: the standard’s settings for the repositories ECR creates (push, pull-through cache, replication)';

function wantedOf(config: CreationTemplatesConfig, sections: ControlSections): Wanted {
  const immutability = sections.immutability as ImmutabilityConfig;
  const lifecycle = sections.lifecycle as LifecycleConfig;
  const encryption = sections.encryption as EncryptionConfig;
  const [key] = encryption.allowedKeys;
  return {
    immutability,
    lifecycle,
    encryption,
    settings: {
      appliedFor: [...config.appliedFor],
      imageTagMutability: immutability.mode,
      imageTagMutabilityExclusionFilters:
        immutability.mode === 'IMMUTABLE_WITH_EXCLUSION' ? [...immutability.exclusions] : [],
      lifecyclePolicy: canonicalLifecyclePolicyText(lifecycle.policy),
      encryptionConfiguration:
        encryption.require === 'KMS'
          ? { encryptionType: 'KMS', ...(key === undefined ? {} : { kmsKey: key }) }
          : { encryptionType: 'AES256' },
    },
  };
}

/** The settings of an existing template that differ from the standard, and why. */
function differences(
  template: CreationTemplate,
  wanted: Wanted,
): { changes: Partial<TemplateSettings>; why: string[] } {
  const changes: Partial<TemplateSettings> = {};
  const why: string[] = [];
  const missing = wanted.settings.appliedFor.filter((a) => !template.appliedFor.includes(a));
  if (missing.length > 0) {
    changes.appliedFor = [
      ...new Set([...template.appliedFor, ...wanted.settings.appliedFor]),
    ] as TemplateSettings['appliedFor'];
    why.push(`not applied for ${missing.join(', ')}`);
  }
  // The template's tags are judged as a repository's are (immutability's own rule).
  const tags = evaluateImmutability(
    {
      account: '',
      region: '',
      repository: {
        repositoryName: template.prefix,
        repositoryArn: '',
        imageTagMutability: template.imageTagMutability,
        exclusionFilters: template.exclusionFilters,
        scanOnPush: false,
        encryptionType: template.encryptionType,
      },
    },
    wanted.immutability,
  );
  if (!tags.compliant) {
    changes.imageTagMutability = wanted.settings.imageTagMutability;
    changes.imageTagMutabilityExclusionFilters = wanted.settings.imageTagMutabilityExclusionFilters;
    why.push(
      `tags ${template.imageTagMutability}${template.exclusionFilters.length > 0 ? ` (${template.exclusionFilters.join(', ')})` : ''}`,
    );
  }
  if (template.lifecyclePolicy === undefined) {
    changes.lifecyclePolicy = wanted.settings.lifecyclePolicy;
    why.push('no lifecycle policy');
  } else if (
    wanted.lifecycle.mode === 'enforce' &&
    !lifecyclePoliciesEqual(template.lifecyclePolicy, wanted.settings.lifecyclePolicy)
  ) {
    changes.lifecyclePolicy = wanted.settings.lifecyclePolicy;
    why.push('a lifecycle policy other than the standard’s (lifecycle.mode enforce)');
  }
  if (
    wanted.encryption.require === 'KMS' &&
    (!KMS_ENCRYPTION_TYPES.includes(template.encryptionType) ||
      !isAllowedKey(template.kmsKey, wanted.encryption.allowedKeys))
  ) {
    changes.encryptionConfiguration = wanted.settings.encryptionConfiguration;
    why.push(
      `encryption ${template.encryptionType}${template.kmsKey === undefined ? '' : ` (${template.kmsKey})`}, not a KMS key the standard allows`,
    );
  }
  return { changes, why };
}

/**
 * A repository creation template exists for each of `creationTemplates.prefixes` (default
 * `ROOT`: every repository no other template covers), applied for creation on push, pull-through
 * cache and replication, and giving new repositories the standard's tag immutability,
 * lifecycle policy and encryption. In `enforce` mode, the fix creates the missing templates
 * and updates, in the others, only what differs.
 *
 * @example
 * ```ts
 * evaluateCreationTemplates({ account, region, creationTemplates: [] }, config, standard);
 * // → { compliant: false, reason: 'no creation template for ROOT …' }
 * ```
 */
export function evaluateCreationTemplates(
  state: CreationTemplatesState,
  config: CreationTemplatesConfig,
  sections: ControlSections,
): ControlEvaluation<Write> {
  const wanted = wantedOf(config, sections);
  const problems: string[] = [];
  const writes: Write[] = [];
  for (const prefix of config.prefixes) {
    const template = state.creationTemplates.find((t) => t.prefix === prefix);
    if (template === undefined) {
      problems.push(`no creation template for ${prefix}`);
      writes.push({
        action: 'ecr:CreateRepositoryCreationTemplate',
        prefix,
        description: DESCRIPTION,
        ...wanted.settings,
      });
      continue;
    }
    const { changes, why } = differences(template, wanted);
    if (why.length === 0) continue;
    problems.push(`the creation template for ${prefix}: ${why.join(', ')}`);
    writes.push({ action: 'ecr:UpdateRepositoryCreationTemplate', prefix, ...changes });
  }
  if (problems.length === 0) return { compliant: true };
  const reason = `${problems.join('; ')}: repositories ECR creates there would miss the standard`;
  const [remediation, ...more] = writes;
  if (config.mode !== 'enforce' || remediation === undefined) {
    return {
      compliant: false,
      reason: `${reason} (creationTemplates.mode is ${config.mode}: ecr-guard changes no template)`,
    };
  }
  return {
    compliant: false,
    reason,
    remediation,
    ...(more.length === 0 ? {} : { moreRemediations: more }),
  };
}
