import { describe, expect, it } from 'vitest';
import {
  evaluateRepositoryPolicy,
  parsePolicy,
  type RepositoryPolicyConfig,
  repositoryPolicy,
} from '#lib/controls/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

const OWN = '123456789012';
const ORG = 'o-a1b2c3d4e5';
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

type Statement = Record<string, unknown>;

function policy(...statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function state(policyText: string | undefined): Parameters<typeof evaluateRepositoryPolicy>[0] {
  return { ...controlState(compliantState()), policyText };
}

function config(overrides: Partial<RepositoryPolicyConfig> = {}): RepositoryPolicyConfig {
  return { ...standardWith().repositoryPolicy, ...overrides };
}

const PUBLIC: Statement = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: PULL };
const TEAM: Statement = {
  Sid: 'Team',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${OWN}:role/ci` },
  Action: ['ecr:PutImage', 'ecr:BatchGetImage'],
};

describe('Control: repository-policy', () => {
  describe('Method: evaluate', () => {
    it('accepts a repository without a policy', () => {
      expect(evaluateRepositoryPolicy(state(undefined), config())).toEqual({ compliant: true });
    });

    it('accepts grants to the repository’s own account, push included', () => {
      expect(evaluateRepositoryPolicy(state(policy(TEAM)), config())).toEqual({ compliant: true });
    });

    it.each([
      ['Principal "*"', { ...PUBLIC }],
      ['{"AWS": "*"}', { ...PUBLIC, Principal: { AWS: '*' } }],
      ['{"AWS": ["*"]}', { ...PUBLIC, Principal: { AWS: ['*', `arn:aws:iam::${OWN}:root`] } }],
    ])('reports a grant to everyone by %s', (_form, statement) => {
      // Act
      const result = evaluateRepositoryPolicy(state(policy(statement)), config());

      // Assess: report mode, so nothing to write.
      expect(result).toEqual({
        compliant: false,
        reason:
          'statement 0 (Public) grants ecr:BatchGetImage, ecr:GetDownloadUrlForLayer to everyone (Principal "*"), with no organization condition (repositoryPolicy.mode is report: ecr-guard removes nothing)',
      });
    });

    it('reports NotPrincipal with Allow as a grant to everyone', () => {
      // Act
      const result = evaluateRepositoryPolicy(
        state(
          policy({
            Effect: 'Allow',
            NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` },
            Action: PULL,
          }),
        ),
        config(),
      );

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'to everyone (NotPrincipal), with no organization condition',
        ),
      });
    });

    it.each([
      ['aws:PrincipalOrgID', 'StringEquals'],
      ['aws:ResourceOrgID', 'StringEquals'],
      ['aws:principalorgid', 'ForAnyValue:StringEquals'],
    ])(
      'accepts a grant to everyone conditioned on the organization by %s (%s)',
      (key, operator) => {
        // Prepare
        const statement = { ...PUBLIC, Condition: { [operator]: { [key]: ORG } } };

        // Act
        const result = evaluateRepositoryPolicy(state(policy(statement)), config());

        // Assess
        expect(result).toEqual({ compliant: true });
      },
    );

    it('accepts an organization path condition, and the org id only when it is listed', () => {
      // Prepare
      const byPath = {
        ...PUBLIC,
        Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/*`] } },
      };
      const other = {
        ...PUBLIC,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } },
      };

      // Act
      const path = evaluateRepositoryPolicy(
        state(policy(byPath)),
        config({ organizationIds: [ORG] }),
      );
      const foreignOrg = evaluateRepositoryPolicy(
        state(policy(other)),
        config({ organizationIds: [ORG] }),
      );

      // Assess
      expect(path).toEqual({ compliant: true });
      expect(foreignOrg).toMatchObject({ compliant: false });
    });

    it('does not count an IfExists condition: a principal without the key passes it', () => {
      // Prepare
      const statement = {
        ...PUBLIC,
        Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } },
      };

      // Act
      const result = evaluateRepositoryPolicy(state(policy(statement)), config());

      // Assess
      expect(result).toMatchObject({ compliant: false });
    });

    it('reports an account outside the organization and allowedAccounts, by ARN or by id', () => {
      // Prepare
      const statement = {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::999999999999:root', '888888888888'] },
        Action: 'ecr:BatchGetImage',
      };

      // Act
      const result = evaluateRepositoryPolicy(
        state(policy(statement)),
        config({ allowedAccounts: ['888888888888'] }),
      );

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'statement 0 (Partner) grants ecr:BatchGetImage to account 999999999999, outside the organization and repositoryPolicy.allowedAccounts',
        ),
      });
    });

    it('reports push granted to another account, even an allowed one, unless it is in pushAccounts', () => {
      // Prepare
      const statement = {
        Sid: 'Push',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:role/deployer' },
        Action: 'ecr:*',
      };

      // Act
      const allowed = evaluateRepositoryPolicy(
        state(policy(statement)),
        config({ allowedAccounts: ['222222222222'] }),
      );
      const pusher = evaluateRepositoryPolicy(
        state(policy(statement)),
        config({ pushAccounts: ['222222222222'] }),
      );

      // Assess
      expect(allowed).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'grants push (ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchDeleteImage) to 222222222222, not in repositoryPolicy.pushAccounts',
        ),
      });
      expect(pusher).toEqual({ compliant: true });
    });

    it('reads NotAction as everything but the actions it lists', () => {
      // Prepare: pull only, stated as "everything but the pushes": no push granted.
      const notPush = {
        Effect: 'Allow',
        Principal: { AWS: '222222222222' },
        NotAction: ['ecr:Put*', 'ecr:*LayerUpload', 'ecr:UploadLayerPart', 'ecr:BatchDeleteImage'],
      };
      const notDelete = { ...notPush, NotAction: 'ecr:BatchDeleteImage' };

      // Act
      const pullOnly = evaluateRepositoryPolicy(
        state(policy(notPush)),
        config({ allowedAccounts: ['222222222222'] }),
      );
      const pushToo = evaluateRepositoryPolicy(
        state(policy(notDelete)),
        config({ allowedAccounts: ['222222222222'] }),
      );

      // Assess
      expect(pullOnly).toEqual({ compliant: true });
      expect(pushToo).toMatchObject({
        compliant: false,
        reason: expect.stringContaining('grants push (ecr:PutImage'),
      });
    });

    it('reports push granted to the whole organization', () => {
      // Prepare
      const statement = {
        Effect: 'Allow',
        Principal: '*',
        Action: 'ecr:PutImage',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      };

      // Act
      const result = evaluateRepositoryPolicy(state(policy(statement)), config());

      // Assess
      expect(result).toMatchObject({
        reason: expect.stringContaining(
          'grants push (ecr:PutImage) to every account of the organization',
        ),
      });
    });

    it('ignores a statement whose Resource does not cover the repository, and every Deny', () => {
      // Prepare
      const elsewhere = {
        ...PUBLIC,
        Resource: 'arn:aws:ecr:us-east-1:123456789012:repository/other',
      };
      const deny = { Effect: 'Deny', Principal: '*', Action: 'ecr:*' };
      const here = { ...PUBLIC, Resource: 'arn:aws:ecr:*:123456789012:repository/payments-*' };

      // Act
      const ignored = evaluateRepositoryPolicy(state(policy(elsewhere, deny)), config());
      const covered = evaluateRepositoryPolicy(state(policy(here)), config());

      // Assess
      expect(ignored).toEqual({ compliant: true });
      expect(covered).toMatchObject({ compliant: false });
    });

    it.each([
      ['not JSON', '{"Statement": ['],
      ['no Statement', '{"Version":"2012-10-17"}'],
      ['a statement without Effect', policy({ Principal: '*', Action: 'ecr:*' })],
      [
        'Principal and NotPrincipal',
        policy({ Effect: 'Allow', Principal: '*', NotPrincipal: '*', Action: 'ecr:*' }),
      ],
      ['a number as action', policy({ Effect: 'Allow', Principal: '*', Action: 7 })],
    ])('reports a policy it cannot read (%s), and never rewrites it', (_what, text) => {
      // Act
      const result = evaluateRepositoryPolicy(state(text), config({ mode: 'enforce' }));

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason: expect.stringMatching(
          /^the repository policy cannot be read as an IAM policy \(.+\): left as it is, review it by hand$/,
        ),
      });
    });

    it('in enforce mode removes exactly the offending statements and keeps the others as written', () => {
      // Prepare
      const text = JSON.stringify({
        Version: '2012-10-17',
        Id: 'keep-me',
        Statement: [TEAM, PUBLIC],
      });

      // Act
      const result = evaluateRepositoryPolicy(state(text), config({ mode: 'enforce' }));

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        remediation: { action: 'ecr:SetRepositoryPolicy', repositoryName: 'payments-checkout-api' },
      });
      const written = result.compliant ? undefined : result.remediation;
      const after = JSON.parse(written && 'policyText' in written ? written.policyText : '{}');
      expect(after).toEqual({ Version: '2012-10-17', Id: 'keep-me', Statement: [TEAM] });
    });

    it('in enforce mode deletes the policy when every statement offends, a single statement too', () => {
      // Prepare
      const single = JSON.stringify({ Version: '2012-10-17', Statement: PUBLIC });

      // Act
      const result = evaluateRepositoryPolicy(state(single), config({ mode: 'enforce' }));

      // Assess
      expect(result).toMatchObject({
        remediation: {
          action: 'ecr:DeleteRepositoryPolicy',
          repositoryName: 'payments-checkout-api',
        },
      });
    });

    it('is off with mode: off, and declares its reads and writes', () => {
      expect(repositoryPolicy.enabled?.(config({ mode: 'off' }))).toBe(false);
      expect(repositoryPolicy.reads.map((f) => f.actions)).toEqual([['ecr:GetRepositoryPolicy']]);
      expect(Object.keys(repositoryPolicy.remediations).sort()).toEqual([
        'ecr:DeleteRepositoryPolicy',
        'ecr:SetRepositoryPolicy',
      ]);
    });
  });

  describe('Function: parsePolicy', () => {
    it('keeps the document’s other members and each statement as written', () => {
      // Act
      const document = parsePolicy(
        JSON.stringify({ Version: '2012-10-17', Id: 'x', Statement: [TEAM] }),
      );

      // Assess
      expect(document.rest).toEqual({ Version: '2012-10-17', Id: 'x' });
      expect(document.statements[0]).toMatchObject({
        index: 0,
        sid: 'Team',
        effect: 'Allow',
        principal: { AWS: [`arn:aws:iam::${OWN}:role/ci`] },
        action: ['ecr:PutImage', 'ecr:BatchGetImage'],
        original: TEAM,
      });
    });
  });
});
