import { describe, expect, it } from 'vitest';
import { actorFromUserIdentity } from '#lib/events/cloudtrail-actor.ts';

describe('Function: actorFromUserIdentity', () => {
  it('takes the role name from a session issuer that is a role', () => {
    // Prepare: the identity of the real CreateRepository record, whose arn is no role arn.
    const identity = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:user/Mary_Major',
      sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin' } },
    };

    // Act
    const actor = actorFromUserIdentity(identity);

    // Assess
    expect(actor).toStrictEqual({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::123456789012:user/Mary_Major',
      roleName: 'Admin',
    });
  });

  it('keeps the session issuer’s ARN and the session’s name, what tells ecr-guard’s own calls apart', () => {
    // Prepare: the shape of the real record's identity, for a session of the member role.
    const identity = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::222222222222:assumed-role/ecr-guard-remediation/ecr-guard-enforce-repository',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: 'arn:aws:iam::222222222222:role/ecr-guard-remediation',
          userName: 'ecr-guard-remediation',
        },
      },
    };

    // Act
    const actor = actorFromUserIdentity(identity);

    // Assess
    expect(actor).toStrictEqual({
      type: 'AssumedRole',
      arn: identity.arn,
      roleName: 'ecr-guard-remediation',
      issuerArn: 'arn:aws:iam::222222222222:role/ecr-guard-remediation',
      sessionName: 'ecr-guard-enforce-repository',
    });
  });

  it.each([
    ['aws', 'arn:aws:sts::123456789012:assumed-role/ecr-guard-remediation/1700000000000'],
    ['aws-cn', 'arn:aws-cn:sts::123456789012:assumed-role/ecr-guard-remediation/session@x.io'],
  ])('parses the role name from an assumed-role arn (%s partition)', (_partition, arn) => {
    // Act
    const actor = actorFromUserIdentity({ type: 'AssumedRole', arn });

    // Assess
    expect(actor).toMatchObject({ type: 'AssumedRole', arn, roleName: 'ecr-guard-remediation' });
  });

  it.each([
    ['an IAM user', { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/Mary_Major' }],
    [
      'a session issued by a user',
      {
        type: 'FederatedUser',
        arn: 'arn:aws:sts::123456789012:federated-user/Mary',
        sessionContext: { sessionIssuer: { type: 'IAMUser', userName: 'Mary' } },
      },
    ],
  ])('gives no role name for %s', (_case, identity) => {
    // Act
    const actor = actorFromUserIdentity(identity);

    // Assess
    expect(actor).toStrictEqual({ type: identity.type, arn: identity.arn });
  });

  it('leaves out an arn the identity does not have', () => {
    // Act
    const actor = actorFromUserIdentity({ type: 'AWSService' });

    // Assess
    expect(actor).toStrictEqual({ type: 'AWSService' });
  });
});
