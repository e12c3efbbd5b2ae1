import { describe, expect, it } from 'vitest';
import {
  type CreationTemplate,
  type CreationTemplatesConfig,
  creationTemplates,
  evaluateCreationTemplates,
} from '#lib/controls/index.ts';
import { canonicalLifecyclePolicyText, type Standard } from '#lib/standard/index.ts';
import { standardWith } from '../../support/repository-state.ts';

const TARGET = { account: '123456789012', region: 'us-east-1' };

function standard(change: (s: Standard) => void = () => undefined): Standard {
  const s = standardWith();
  change(s);
  return s;
}

function compliantTemplate(
  s: Standard,
  overrides: Partial<CreationTemplate> = {},
): CreationTemplate {
  return {
    prefix: 'ROOT',
    appliedFor: ['CREATE_ON_PUSH', 'PULL_THROUGH_CACHE', 'REPLICATION'],
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    exclusionFilters: ['latest'],
    lifecyclePolicy: canonicalLifecyclePolicyText(s.lifecycle.policy),
    encryptionType: 'AES256',
    ...overrides,
  };
}

function evaluate(
  templates: CreationTemplate[],
  s: Standard,
  overrides: Partial<CreationTemplatesConfig> = {},
): ReturnType<typeof evaluateCreationTemplates> {
  return evaluateCreationTemplates(
    { ...TARGET, creationTemplates: templates },
    { ...s.creationTemplates, ...overrides },
    s as unknown as Record<string, unknown>,
  );
}

describe('Control: creation-templates', () => {
  describe('Method: evaluate', () => {
    it('accepts a ROOT template that carries the standard', () => {
      const s = standard();
      expect(evaluate([compliantTemplate(s)], s)).toEqual({ compliant: true });
    });

    it('reports a registry without a template (report mode: nothing written)', () => {
      // Act
      const result = evaluate([], standard());

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason:
          'no creation template for ROOT: repositories ECR creates there would miss the standard (creationTemplates.mode is report: ecr-guard changes no template)',
      });
    });

    it('in enforce mode creates the missing template with the standard’s settings', () => {
      // Prepare
      const s = standard((x) => {
        x.encryption.require = 'KMS';
        x.encryption.allowedKeys = ['arn:aws:kms:us-east-1:123456789012:key/k1'];
      });

      // Act
      const result = evaluate([], s, { mode: 'enforce' });

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        remediation: {
          action: 'ecr:CreateRepositoryCreationTemplate',
          prefix: 'ROOT',
          appliedFor: ['CREATE_ON_PUSH', 'PULL_THROUGH_CACHE', 'REPLICATION'],
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: ['latest'],
          lifecyclePolicy: canonicalLifecyclePolicyText(s.lifecycle.policy),
          encryptionConfiguration: {
            encryptionType: 'KMS',
            kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/k1',
          },
        },
      });
    });

    it('in enforce mode updates only what differs, keeping the template’s other appliedFor', () => {
      // Prepare: mutable tags and only applied for pull-through cache; the rest is fine.
      const s = standard();
      const template = compliantTemplate(s, {
        imageTagMutability: 'MUTABLE',
        exclusionFilters: [],
        appliedFor: ['PULL_THROUGH_CACHE'],
      });

      // Act
      const result = evaluate([template], s, { mode: 'enforce' });

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason:
          'the creation template for ROOT: not applied for CREATE_ON_PUSH, REPLICATION, tags MUTABLE: repositories ECR creates there would miss the standard',
        remediation: {
          action: 'ecr:UpdateRepositoryCreationTemplate',
          prefix: 'ROOT',
          appliedFor: ['PULL_THROUGH_CACHE', 'CREATE_ON_PUSH', 'REPLICATION'],
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: ['latest'],
        },
      });
    });

    it('judges the lifecycle policy as the lifecycle control does: any in add-if-missing, the standard’s in enforce', () => {
      // Prepare
      const s = standard();
      const own = compliantTemplate(s, { lifecyclePolicy: '{"rules":[]}' });
      const none = compliantTemplate(s);
      delete none.lifecyclePolicy;
      const strict = standard((x) => {
        x.lifecycle.mode = 'enforce';
      });

      // Act / Assess
      expect(evaluate([own], s)).toEqual({ compliant: true });
      expect(evaluate([none], s)).toMatchObject({
        reason: expect.stringContaining('no lifecycle policy'),
      });
      expect(evaluate([own], strict)).toMatchObject({
        reason: expect.stringContaining('a lifecycle policy other than the standard’s'),
      });
    });

    it('judges encryption only when the standard requires KMS, and the key against allowedKeys', () => {
      // Prepare
      const s = standard((x) => {
        x.encryption.require = 'KMS';
      });

      // Act / Assess
      expect(evaluate([compliantTemplate(standard())], standard())).toEqual({ compliant: true });
      expect(evaluate([compliantTemplate(s)], s)).toMatchObject({
        reason: expect.stringContaining('encryption AES256, not a KMS key the standard allows'),
      });
      expect(evaluate([compliantTemplate(s, { encryptionType: 'KMS' })], s)).toEqual({
        compliant: true,
      });
    });

    it('needs a template for each prefix listed, and writes one per prefix', () => {
      // Prepare
      const s = standard();

      // Act
      const result = evaluate([compliantTemplate(s, { prefix: 'docker-hub' })], s, {
        mode: 'enforce',
        prefixes: ['docker-hub', 'ecr-public', 'team-a/'],
      });

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'no creation template for ecr-public; no creation template for team-a/',
        ),
        remediation: { action: 'ecr:CreateRepositoryCreationTemplate', prefix: 'ecr-public' },
        moreRemediations: [{ action: 'ecr:CreateRepositoryCreationTemplate', prefix: 'team-a/' }],
      });
    });

    it('declares its reads, its writes and what ECR requires of them', () => {
      expect(creationTemplates.level).toBe('registry');
      expect(creationTemplates.reads.flatMap((f) => f.actions)).toEqual([
        'ecr:DescribeRepositoryCreationTemplates',
      ]);
      expect(
        Object.values(creationTemplates.remediations).map((k) => [k.action, k.alsoRequires]),
      ).toEqual([
        [
          'ecr:CreateRepositoryCreationTemplate',
          ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy'],
        ],
        [
          'ecr:UpdateRepositoryCreationTemplate',
          ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy'],
        ],
      ]);
      expect(creationTemplates.enabled?.({ ...standard().creationTemplates, mode: 'off' })).toBe(
        false,
      );
    });
  });
});
