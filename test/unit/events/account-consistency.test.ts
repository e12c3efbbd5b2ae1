import { describe, expect, it } from 'vitest';
import { arnAccount } from '#lib/events/account-consistency.ts';
import { InvalidEventError, normalizeEvent } from '#lib/events/index.ts';
import {
  loadEventFixture,
  withField,
  withoutField,
  wrapCloudTrailRecord,
} from '../../../harness/fixtures.ts';

const OTHER = '999999999999';
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const CREATE = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');

function refusal(raw: unknown): string {
  try {
    normalizeEvent(raw);
  } catch (error) {
    if (error instanceof InvalidEventError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('Function: arnAccount', () => {
  it.each([
    ['arn:aws:ecr:us-east-1:123456789012:repository/app', '123456789012'],
    ['arn:aws:s3:::bucket', undefined],
    ['not an arn', undefined],
  ])('reads %s as %s', (arn, account) => {
    expect(arnAccount(arn)).toBe(account);
  });
});

describe('Function: normalizeEvent › accounts besides the envelope’s', () => {
  it('accepts the real samples, whose fields all name the envelope’s account', () => {
    expect(refusal(SCAN)).toBe('accepted');
    expect(refusal(wrapCloudTrailRecord(CREATE))).toBe('accepted');
  });

  it.each<[string, unknown, string]>([
    [
      'a resources ARN of another account',
      withField(
        SCAN,
        ['resources'],
        [`arn:aws:ecr:us-east-1:${OTHER}:repository/my-repository-name`],
      ),
      'resources[0]',
    ],
    [
      'a created repository in another registry',
      wrapCloudTrailRecord(
        withField(CREATE, ['responseElements', 'repository', 'registryId'], OTHER),
      ),
      'detail.responseElements.repository.registryId',
    ],
    [
      'a created repository ARN of another account',
      wrapCloudTrailRecord(
        withField(
          CREATE,
          ['responseElements', 'repository', 'repositoryArn'],
          `arn:aws:ecr:us-east-2:${OTHER}:repository/testrepo`,
        ),
      ),
      'detail.responseElements.repository.repositoryArn',
    ],
    [
      'a caller of another account with no recipient account',
      withoutField(wrapCloudTrailRecord(withField(CREATE, ['userIdentity', 'accountId'], OTHER)), [
        'detail',
        'recipientAccountId',
      ]),
      'detail.userIdentity.accountId',
    ],
  ])('refuses %s, naming the field', (_what, raw, field) => {
    expect(refusal(raw)).toBe(
      `${field}: ${field === 'resources[0]' ? `arn:aws:ecr:us-east-1:${OTHER}:repository/my-repository-name ` : ''}names account ${OTHER}, not the event's account 123456789012`,
    );
  });

  it('accepts a cross-account caller of a call CloudTrail recorded in the envelope’s account', () => {
    // Act
    const event = normalizeEvent(
      wrapCloudTrailRecord(withField(CREATE, ['userIdentity', 'accountId'], OTHER)),
    );

    // Assess
    expect(event.kind).toBe('repository-created');
  });
});
