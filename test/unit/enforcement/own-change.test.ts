import { describe, expect, it } from 'vitest';
import { type OwnIdentity, ownChangeReason, ownIdentityOf } from '#lib/enforcement/index.ts';
import type { Actor } from '#lib/events/index.ts';

const CENTRAL = '111111111111';
const MEMBER = '222222222222';
const CENTRAL_ROLE = `arn:aws:iam::${CENTRAL}:role/ecr-guard-prod-eu-west-1-enforce-repository`;

const IDENTITY: OwnIdentity = {
  centralRoleArns: [CENTRAL_ROLE],
  memberRoleName: 'ecr-guard-remediation',
  partition: 'aws',
  roleNames: ['ecr-guard-*'],
};

/** A role session's actor, as `actorFromUserIdentity` reads a CloudTrail `userIdentity`. */
function session(account: string, role: string, sessionName: string): Actor {
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${sessionName}`,
    roleName: role,
    issuerArn: `arn:aws:iam::${account}:role/${role}`,
    sessionName,
  };
}

describe('Function: ownChangeReason', () => {
  it.each([
    [
      'the member role in an ecr-guard session',
      session(MEMBER, 'ecr-guard-remediation', 'ecr-guard-enforce-repository'),
    ],
    [
      'a central function role, by its exact ARN',
      session(
        CENTRAL,
        'ecr-guard-prod-eu-west-1-enforce-repository',
        'ecr-guard-prod-enforce-repository',
      ),
    ],
  ])('recognises %s as ecr-guard itself', (_case, actor) => {
    // Act
    const reason = ownChangeReason(actor, actor.arn?.split(':')[4] ?? '', IDENTITY);

    // Assess
    expect(reason).toMatch(/^change made by ecr-guard itself \(arn:aws:iam::/);
  });

  it.each([
    [
      'a role named ecr-guard-temp in a member account',
      session(MEMBER, 'ecr-guard-temp', 'ecr-guard-x'),
      MEMBER,
    ],
    [
      'a role named like a central role, in a member account',
      session(MEMBER, 'ecr-guard-prod-eu-west-1-enforce-repository', 'x'),
      MEMBER,
    ],
    [
      'a person in the member role (a session not named ecr-guard-…)',
      session(MEMBER, 'ecr-guard-remediation', 'mary.major'),
      MEMBER,
    ],
    [
      'the member role of another account than the event’s',
      session('333333333333', 'ecr-guard-remediation', 'ecr-guard-enforce-repository'),
      MEMBER,
    ],
    [
      'another central role',
      session(CENTRAL, 'ecr-guard-prod-eu-west-1-notify-slack', 'ecr-guard-x'),
      CENTRAL,
    ],
    [
      'a role name with no issuer ARN',
      {
        type: 'AssumedRole',
        roleName: 'ecr-guard-remediation',
        sessionName: 'ecr-guard-enforce-repository',
      },
      MEMBER,
    ],
    [
      'an IAM user',
      { type: 'IAMUser', arn: `arn:aws:iam::${MEMBER}:user/ecr-guard-remediation` },
      MEMBER,
    ],
  ] satisfies [string, Actor, string][])(
    'does not take %s for ecr-guard',
    (_case, actor, account) => {
      // Act
      const reason = ownChangeReason(actor, account, IDENTITY);

      // Assess
      expect(reason).toBeUndefined();
    },
  );

  it('requires the role’s name to match identity.roleNames as well', () => {
    // Prepare
    const actor = session(MEMBER, 'ecr-guard-remediation', 'ecr-guard-enforce-repository');

    // Act
    const reason = ownChangeReason(actor, MEMBER, { ...IDENTITY, roleNames: ['platform-*'] });

    // Assess
    expect(reason).toBeUndefined();
  });

  it('compares the member role ARN in the partition of the deployment', () => {
    // Prepare
    const actor: Actor = {
      ...session(MEMBER, 'ecr-guard-remediation', 'ecr-guard-sweep-worker'),
      issuerArn: `arn:aws-cn:iam::${MEMBER}:role/ecr-guard-remediation`,
    };

    // Act & Assess
    expect(ownChangeReason(actor, MEMBER, IDENTITY)).toBeUndefined();
    expect(ownChangeReason(actor, MEMBER, { ...IDENTITY, partition: 'aws-cn' })).toBeDefined();
  });
});

describe('Function: ownIdentityOf', () => {
  it('takes the central role ARNs and the member role from the environment', () => {
    // Act
    const identity = ownIdentityOf({
      ownRoleArns: [CENTRAL_ROLE],
      crossAccount: {
        centralAccount: CENTRAL,
        allowedAccounts: 'organization',
        memberRoleName: 'ecr-guard-reader',
        partition: 'aws-us-gov',
      },
    });

    // Assess
    expect(identity).toStrictEqual({
      centralRoleArns: [CENTRAL_ROLE],
      memberRoleName: 'ecr-guard-reader',
      partition: 'aws-us-gov',
    });
  });

  it('knows only the default member role without a deployment (the CLI)', () => {
    // Act
    const identity = ownIdentityOf({ ownRoleArns: [], crossAccount: undefined });

    // Assess
    expect(identity).toStrictEqual({
      centralRoleArns: [],
      memberRoleName: 'ecr-guard-remediation',
      partition: 'aws',
    });
  });
});
