import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '#lib/events/errors.ts';
import type { GuardEvent, GuardEventKind } from '#lib/events/guard-event.ts';
import { normalizeEvent, parseEventJson } from '#lib/events/normalize-event.ts';
import {
  listEventFixtures,
  loadEventBridgeFixture,
  loadEventFixture,
  withField,
  withoutField,
  wrapCloudTrailRecord,
} from '../../../harness/fixtures.ts';

const PUSH = 'ecr-image-action-push-success.aws-docs.json';
const BASIC_SCAN = 'ecr-image-scan-complete-with-findings.aws-docs.json';
const ENHANCED_SCAN = 'inspector2-scan-ecr-initial-scan-complete.aws-ecr-docs.json';
const CREATE_REPOSITORY = 'cloudtrail-record-ecr-createrepository.aws-docs.json';
const ENVELOPE_ID = 'f0d3c0de-0000-4000-8000-000000000001';

/** What each real sample is, as ecr-guard sees it. Every file in the folder must be here. */
const EXPECTED_KIND_BY_FIXTURE: Readonly<Record<string, GuardEventKind>> = {
  'cloudtrail-record-ecr-createrepository.aws-docs.json': 'repository-created',
  'cloudtrail-record-ecr-imageactivationevent-restore-complete.aws-docs.json': 'ignored',
  'cloudtrail-record-ecr-policyexecutionevent-lifecycle-expire.aws-docs.json': 'ignored',
  'cloudtrail-record-ecr-putimage.aws-docs.json': 'ignored',
  'cloudtrail-record-ecr-updateimagestorageclass-archive.aws-docs.json': 'ignored',
  'ecr-image-action-delete-success.aws-docs.json': 'ignored',
  'ecr-image-action-push-success.aws-docs.json': 'image-pushed',
  'ecr-image-action-update-storage-class-archive.aws-docs.json': 'ignored',
  'ecr-image-action-update-storage-class-restore.aws-docs.json': 'ignored',
  'ecr-image-scan-complete-all-severities.aws-lambda-go.json': 'basic-scan-completed',
  'ecr-image-scan-complete-duplicate-high-key.ecr-scan-notifier-readme.json':
    'basic-scan-completed',
  'ecr-image-scan-complete-no-severity-counts.aws-docs-2019.json': 'basic-scan-completed',
  'ecr-image-scan-complete-with-findings.aws-docs.json': 'basic-scan-completed',
  'ecr-pull-through-cache-action-success.aws-docs.json': 'repository-filled',
  'ecr-referrer-action-restore-sbom.aws-docs.json': 'ignored',
  'ecr-replication-action-failed.aws-docs.json': 'replication-failed',
  'ecr-replication-action-success.aws-docs.json': 'repository-filled',
  'ecr-scan-resource-change-scan-frequency.aws-docs.json': 'scan-frequency-changed',
  'inspector-finding-ecr-legacy-flat.aws-ecr-docs-2021-11.json': 'ignored',
  'inspector-scan-ecr-legacy-detail-type.aws-ecr-docs-2021-11.json': 'ignored',
  'inspector2-coverage-ec2-instance-inactive.aws-inspector-docs.json': 'ignored',
  'inspector2-finding-ecr-package-vulnerability-libssh2.aws-ecr-docs.json': 'finding-changed',
  'inspector2-finding-ecr-package-vulnerability-openssl.aws-inspector-docs.json': 'finding-changed',
  'inspector2-scan-ecr-initial-scan-complete.aws-ecr-docs.json': 'enhanced-scan-completed',
  'inspector2-scan-ecr-initial-scan-complete.ecr-scan-notifier-readme.json':
    'enhanced-scan-completed',
  'inspector2-scan-ecr-initial-scan-zero-findings.aws-inspector-docs.json':
    'enhanced-scan-completed',
};

/** The reason each ignored sample gives: it names what the event is. */
const EXPECTED_REASON_BY_IGNORED_FIXTURE: Readonly<Record<string, string>> = {
  'cloudtrail-record-ecr-imageactivationevent-restore-complete.aws-docs.json':
    'CloudTrail service event ImageActivationEvent is not acted on',
  'cloudtrail-record-ecr-policyexecutionevent-lifecycle-expire.aws-docs.json':
    'CloudTrail service event PolicyExecutionEvent is not acted on',
  'cloudtrail-record-ecr-putimage.aws-docs.json': 'CloudTrail call PutImage is not acted on',
  'cloudtrail-record-ecr-updateimagestorageclass-archive.aws-docs.json':
    'CloudTrail call UpdateImageStorageClass is not acted on',
  'ecr-image-action-delete-success.aws-docs.json': 'ECR Image Action DELETE is not acted on',
  'ecr-image-action-update-storage-class-archive.aws-docs.json':
    'ECR Image Action UPDATE_STORAGE_CLASS is not acted on',
  'ecr-image-action-update-storage-class-restore.aws-docs.json':
    'ECR Image Action UPDATE_STORAGE_CLASS is not acted on',
  'ecr-referrer-action-restore-sbom.aws-docs.json': 'ECR Referrer Action (aws.ecr) is not acted on',
  'inspector-finding-ecr-legacy-flat.aws-ecr-docs-2021-11.json':
    'Inspector Finding from Inspector Classic (aws.inspector) is not acted on',
  'inspector-scan-ecr-legacy-detail-type.aws-ecr-docs-2021-11.json':
    'Inspector Scan from Inspector Classic (aws.inspector) is not acted on',
  'inspector2-coverage-ec2-instance-inactive.aws-inspector-docs.json':
    'Inspector2 Coverage (aws.inspector2) is not acted on',
};

/** Runs `act` and returns the `InvalidEventError` it throws; fails when it throws none. */
function invalidEventErrorOf(act: () => unknown): InvalidEventError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('expected an InvalidEventError, nothing was thrown');
}

/** The real CreateRepository record, wrapped as EventBridge delivers it. */
function createRepositoryEvent(): Record<string, unknown> {
  return wrapCloudTrailRecord(loadEventFixture(CREATE_REPOSITORY), { id: ENVELOPE_ID });
}

describe('Function: normalizeEvent', () => {
  describe('the sample corpus', () => {
    it('has an expected kind for every sample in the fixtures folder', () => {
      // Prepare
      const files = listEventFixtures();

      // Act
      const listed = Object.keys(EXPECTED_KIND_BY_FIXTURE).sort();

      // Assess
      expect(listed).toEqual(files);
    });

    it.each(Object.entries(EXPECTED_KIND_BY_FIXTURE))('normalizes %s to %s', (file, kind) => {
      // Prepare
      const event = loadEventBridgeFixture(file);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized.kind).toBe(kind);
    });

    it.each(Object.entries(EXPECTED_REASON_BY_IGNORED_FIXTURE))(
      'ignores %s, saying what it is',
      (file, reason) => {
        // Prepare
        const event = loadEventBridgeFixture(file);

        // Act
        const normalized = normalizeEvent(event);

        // Assess
        expect(normalized).toMatchObject({ kind: 'ignored', reason });
      },
    );
  });

  describe('image pushes', () => {
    it('reads a successful push', () => {
      // Prepare
      const event = loadEventFixture(PUSH);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'image-pushed',
        id: '13cde686-328b-6117-af20-0e5566167482',
        time: '2019-11-16T01:54:34Z',
        account: '123456789012',
        region: 'us-west-2',
        repositoryName: 'my-repository-name',
        imageDigest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
        imageTag: 'latest',
      } satisfies GuardEvent);
    });

    it.each([
      ['absent', undefined],
      ['empty', ''],
    ])('reads a push whose image-tag is %s as untagged', (_case, tag) => {
      // Prepare: the real push sample, tag removed or emptied (as for a push by digest).
      const event =
        tag === undefined
          ? withoutField(loadEventFixture(PUSH), ['detail', 'image-tag'])
          : withField(loadEventFixture(PUSH), ['detail', 'image-tag'], tag);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized.kind).toBe('image-pushed');
      expect(normalized).not.toHaveProperty('imageTag');
    });

    it('ignores a push that did not succeed', () => {
      // Prepare: no failed push was ever published; the real push sample with another result.
      const event = withField(loadEventFixture(PUSH), ['detail', 'result'], 'FAILED');

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        reason: 'ECR Image Action PUSH with result FAILED is not acted on',
      });
    });
  });

  describe('basic scans', () => {
    it('reads a completed scan, counting absent severities as 0', () => {
      // Prepare
      const event = loadEventFixture(BASIC_SCAN);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'basic-scan-completed',
        id: '85fc3613-e913-7fc4-a80c-a3753e4aa9ae',
        time: '2019-10-29T02:36:48Z',
        account: '123456789012',
        region: 'us-east-1',
        repositoryName: 'my-repository-name',
        imageDigest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
        imageTags: [],
        scanStatus: 'COMPLETE',
        severityCounts: {
          CRITICAL: 10,
          HIGH: 0,
          MEDIUM: 9,
          LOW: 0,
          INFORMATIONAL: 0,
          UNDEFINED: 0,
        },
      } satisfies GuardEvent);
    });

    it('reads the 2019 scan sample that has no finding-severity-counts as all zero', () => {
      // Prepare
      const event = loadEventFixture(
        'ecr-image-scan-complete-no-severity-counts.aws-docs-2019.json',
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'basic-scan-completed',
        repositoryName: 'my-repo',
        imageTags: [],
        severityCounts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 0 },
      });
    });

    it('reads all six severities and the tags of the aws-lambda-go sample', () => {
      // Prepare
      const event = loadEventFixture('ecr-image-scan-complete-all-severities.aws-lambda-go.json');

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'basic-scan-completed',
        id: '01234567-0123-0123-0123-012345678901',
        time: '2019-10-30T21:32:27Z',
        account: '123456789012',
        region: 'eu-north-1',
        repositoryName: 'tribble-image-scan-test',
        imageDigest: 'sha256:d4a96ee9443e641fc100e763a0c10928720b50c6e3ea3342d05d7c3435fc5355',
        imageTags: ['1572471135'],
        scanStatus: 'COMPLETE',
        severityCounts: {
          CRITICAL: 10,
          HIGH: 2,
          MEDIUM: 9,
          LOW: 3,
          INFORMATIONAL: 0,
          UNDEFINED: 0,
        },
      } satisfies GuardEvent);
    });

    it('keeps the last value of the duplicated HIGH key, as JSON.parse does', () => {
      // Prepare
      const event = loadEventFixture(
        'ecr-image-scan-complete-duplicate-high-key.ecr-scan-notifier-readme.json',
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'basic-scan-completed',
        account: '012345678912',
        region: 'eu-central-1',
        repositoryName: 'sampleapp',
        imageTags: ['3862', 'latest'],
        severityCounts: {
          CRITICAL: 0,
          HIGH: 2,
          MEDIUM: 14,
          LOW: 1,
          INFORMATIONAL: 3,
          UNDEFINED: 0,
        },
      });
    });

    it('reports a failed scan with its status', () => {
      // Prepare: no failed basic scan was published; the real sample with another status.
      const event = withField(loadEventFixture(BASIC_SCAN), ['detail', 'scan-status'], 'FAILED');

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({ kind: 'basic-scan-completed', scanStatus: 'FAILED' });
    });
  });

  describe('enhanced scans', () => {
    it('reads the repository name out of the ARN and leaves TOTAL out', () => {
      // Prepare
      const event = loadEventFixture(ENHANCED_SCAN);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'enhanced-scan-completed',
        id: '739c0d3c-4f02-85c7-5a88-94a9EXAMPLE',
        time: '2021-12-03T18:03:16Z',
        account: '123456789012',
        region: 'us-east-2',
        repositoryName: 'amazon/amazon-ecs-sample',
        imageDigest: 'sha256:36c7b282abd0186e01419f2e58743e1bf635808231049bbc9d77e5EXAMPLE',
        imageTags: ['latest'],
        scanStatus: 'INITIAL_SCAN_COMPLETE',
        severityCounts: {
          CRITICAL: 7,
          HIGH: 61,
          MEDIUM: 62,
          LOW: 0,
          INFORMATIONAL: 0,
          UNDEFINED: 0,
        },
      } satisfies GuardEvent);
    });

    it('reads the scan captured from a real account', () => {
      // Prepare
      const event = loadEventFixture(
        'inspector2-scan-ecr-initial-scan-complete.ecr-scan-notifier-readme.json',
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'enhanced-scan-completed',
        id: '961d7f4a-f46c-b376-f92f-f8c3af290f9f',
        time: '2022-09-14T19:12:46Z',
        account: '520666953574',
        region: 'eu-central-1',
        repositoryName: 'azure-agent',
        imageDigest: 'sha256:734a4d019b381f591a63c819ae88b00eed5dba8b76626530c26497128a6c46d1',
        imageTags: ['latest', '5715'],
        scanStatus: 'INITIAL_SCAN_COMPLETE',
        severityCounts: { CRITICAL: 0, HIGH: 1, MEDIUM: 6, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 0 },
      } satisfies GuardEvent);
    });

    it('counts UNTRIAGED and severities it does not know as UNDEFINED', () => {
      // Prepare: the real sample with Inspector's UNTRIAGED and an unknown name added.
      const counts = { CRITICAL: 7, HIGH: 61, MEDIUM: 62, UNTRIAGED: 2, SEVERE: 3, TOTAL: 135 };
      const event = withField(
        loadEventFixture(ENHANCED_SCAN),
        ['detail', 'finding-severity-counts'],
        counts,
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        severityCounts: {
          CRITICAL: 7,
          HIGH: 61,
          MEDIUM: 62,
          LOW: 0,
          INFORMATIONAL: 0,
          UNDEFINED: 5,
        },
      });
    });

    it.each(['PENDING_INITIAL_SCAN', 'UNSUPPORTED_OS'])(
      'ignores a scan whose status is %s',
      (status) => {
        // Prepare: only INITIAL_SCAN_COMPLETE was published; these are Inspector status names
        // from its coverage API, put on the real sample.
        const event = withField(loadEventFixture(ENHANCED_SCAN), ['detail', 'scan-status'], status);

        // Act
        const normalized = normalizeEvent(event);

        // Assess
        expect(normalized).toMatchObject({
          kind: 'ignored',
          reason: `Inspector2 Scan with scan-status ${status} is not acted on`,
        });
      },
    );

    it("ignores the copy of a member account's scan delivered to another account", () => {
      // Prepare: Inspector also sends a delegated administrator its members' events.
      const event = withField(loadEventFixture(ENHANCED_SCAN), ['account'], '999999999999');

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        account: '999999999999',
        reason:
          'Inspector2 Scan of a repository in account 123456789012 delivered to account 999999999999 is not acted on',
      });
    });
  });

  describe('repository creation', () => {
    it('reads the real CreateRepository record and its actor', () => {
      // Prepare
      const event = createRepositoryEvent();

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'repository-created',
        id: ENVELOPE_ID,
        time: '2018-07-11T22:17:43Z',
        account: '123456789012',
        region: 'us-east-2',
        repositoryName: 'testrepo',
        actor: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:user/Mary_Major',
          roleName: 'Admin',
          issuerArn: 'arn:aws:iam::123456789012:role/Admin',
        },
      } satisfies GuardEvent);
    });

    it('takes the name from responseElements when requestParameters has none', () => {
      // Prepare
      const event = withoutField(createRepositoryEvent(), [
        'detail',
        'requestParameters',
        'repositoryName',
      ]);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({ kind: 'repository-created', repositoryName: 'testrepo' });
    });

    it('ignores a call that failed: nothing changed', () => {
      // Prepare: the real record as CloudTrail logs a refused call (errorCode, errorMessage).
      const failed = withField(
        withField(
          createRepositoryEvent(),
          ['detail', 'errorCode'],
          'RepositoryAlreadyExistsException',
        ),
        ['detail', 'errorMessage'],
        "The repository with name 'testrepo' already exists",
      );

      // Act
      const normalized = normalizeEvent(failed);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        reason:
          'CloudTrail call CreateRepository failed (RepositoryAlreadyExistsException): nothing changed',
      });
    });

    it("ignores a call made on another account's registry", () => {
      // Prepare
      const event = withField(
        createRepositoryEvent(),
        ['detail', 'requestParameters', 'registryId'],
        '210987654321',
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        reason:
          'CloudTrail call CreateRepository on the registry of account 210987654321 is not acted on in account 123456789012',
      });
    });
  });

  describe('repositories ECR creates or fills itself, and scan frequency changes', () => {
    const PULL_THROUGH = 'ecr-pull-through-cache-action-success.aws-docs.json';
    const REPLICATED = 'ecr-replication-action-success.aws-docs.json';
    const REPLICATION_FAILED = 'ecr-replication-action-failed.aws-docs.json';
    const SCAN_CHANGE = 'ecr-scan-resource-change-scan-frequency.aws-docs.json';

    it('reads a pull-through cache sync as a repository filled by the cache', () => {
      // Act
      const normalized = normalizeEvent(loadEventFixture(PULL_THROUGH));

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'repository-filled',
        id: '85fc3613-e913-7fc4-a80c-a3753e4aa9ae',
        time: '2023-02-29T02:36:48Z',
        account: '123456789012',
        region: 'us-west-2',
        by: 'pull-through-cache',
        repositoryName: 'docker-hub/alpine',
        imageDigest: 'sha256:4aa08ef415aecc80814cb42fa41b658480779d80c77ab15EXAMPLE',
        imageTag: '3.17.2',
      } satisfies GuardEvent);
    });

    it('ignores a pull-through cache sync that did not succeed', () => {
      // Prepare: no failed sync was published; the real sample with another status.
      const event = withField(loadEventFixture(PULL_THROUGH), ['detail', 'sync-status'], 'FAILED');

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        reason: 'ECR Pull Through Cache Action with sync-status FAILED is not acted on',
      });
    });

    it('reads a successful replication as a repository filled by replication', () => {
      // Act
      const normalized = normalizeEvent(loadEventFixture(REPLICATED));

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'repository-filled',
        id: 'c8b133b1-6029-ee73-e2a1-4f466b8ba999',
        time: '2024-05-08T20:44:54Z',
        account: '123456789012',
        region: 'us-east-1',
        by: 'replication',
        repositoryName: 'docker-hub/alpine',
        imageDigest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
        imageTag: '3.17.2',
      } satisfies GuardEvent);
    });

    it('reads a failed replication with its source, to be logged and counted', () => {
      // Act
      const normalized = normalizeEvent(loadEventFixture(REPLICATION_FAILED));

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'replication-failed',
        id: 'd9c244c2-7130-ff84-f3b2-5g577c9cb000',
        time: '2024-05-08T20:45:12Z',
        account: '123456789012',
        region: 'us-east-1',
        repositoryName: 'my-app',
        imageDigest: 'sha256:8g6c3751gf7gc5g47603ege4511d5a80ead5g90f5893543f1489bde2345',
        imageTag: 'latest',
        sourceAccount: '123456789012',
        sourceRegion: 'us-west-2',
      } satisfies GuardEvent);
    });

    it.each([
      [['detail', 'action-type'], 'DELETE', 'ECR Replication Action DELETE is not acted on'],
      [
        ['detail', 'result'],
        'IN_PROGRESS',
        'ECR Replication Action with result IN_PROGRESS is not acted on',
      ],
    ] as const)('ignores a replication with %j %s', (path, value, reason) => {
      // Prepare: the real sample with another action or result.
      const event = withField(loadEventFixture(REPLICATED), [...path], value);

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({ kind: 'ignored', reason });
    });

    it('reads a scan frequency change as the repositories it names', () => {
      // Act
      const normalized = normalizeEvent(loadEventFixture(SCAN_CHANGE));

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'scan-frequency-changed',
        id: '0c18352a-a4d4-6853-ef53-0ab8638973bf',
        time: '2021-10-14T20:53:46Z',
        account: '123456789012',
        region: 'us-east-1',
        repositoryNames: ['repository-1', 'repository-2', 'repository-3'],
      } satisfies GuardEvent);
    });

    it("refuses a scan frequency change naming another registry's repository", () => {
      // Prepare: the real sample, its first repository's ARN in another account.
      const event = withField(
        loadEventFixture(SCAN_CHANGE),
        ['detail', 'repositories', 0, 'repository-arn'],
        'arn:aws:ecr:us-east-1:210987654321:repository/repository-1',
      );

      // Act
      const error = invalidEventErrorOf(() => normalizeEvent(event));

      // Assess
      expect(error.message).toContain('detail.repositories[0].repository-arn');
    });

    it('refuses a scan frequency change that names no repository', () => {
      // Prepare
      const event = withField(loadEventFixture(SCAN_CHANGE), ['detail', 'repositories'], []);

      // Act
      const error = invalidEventErrorOf(() => normalizeEvent(event));

      // Assess
      expect(error.message).toContain('expected at least one repository');
    });
  });

  describe('configuration drift', () => {
    // No CloudTrail record of these calls was ever published. Each is derived from the real
    // CreateRepository record by changing only `eventName` and `requestParameters` (to the
    // call's request, per the ECR API reference), so that everything else — identity, region,
    // account, CloudTrail envelope — stays real. `responseElements` is left as it is: the
    // normalizer does not read it for these calls.
    it.each([
      [
        'PutImageTagMutability',
        { repositoryName: 'testrepo', imageTagMutability: 'MUTABLE' },
        'testrepo',
      ],
      ['DeleteLifecyclePolicy', { repositoryName: 'testrepo' }, 'testrepo'],
      [
        'PutLifecyclePolicy',
        { repositoryName: 'testrepo', lifecyclePolicyText: '{"rules":[]}' },
        'testrepo',
      ],
      [
        'PutImageScanningConfiguration',
        { repositoryName: 'testrepo', imageScanningConfiguration: { scanOnPush: false } },
        'testrepo',
      ],
      ['PutRegistryScanningConfiguration', { scanType: 'BASIC', rules: [] }, undefined],
      ['SetRepositoryPolicy', { repositoryName: 'testrepo', policyText: '{}' }, 'testrepo'],
      ['DeleteRepositoryPolicy', { repositoryName: 'testrepo' }, 'testrepo'],
      [
        'CreateRepositoryCreationTemplate',
        { prefix: 'ROOT', appliedFor: ['CREATE_ON_PUSH'] },
        undefined,
      ],
      [
        'UpdateRepositoryCreationTemplate',
        { prefix: 'ROOT', appliedFor: ['REPLICATION'] },
        undefined,
      ],
      ['DeleteRepositoryCreationTemplate', { prefix: 'ROOT' }, undefined],
      ['PutAccountSetting', { name: 'BASIC_SCAN_TYPE_VERSION', value: 'CLAIR' }, undefined],
    ])('reads %s as a configuration change', (eventName, requestParameters, repositoryName) => {
      // Prepare
      const event = withField(
        withField(createRepositoryEvent(), ['detail', 'eventName'], eventName),
        ['detail', 'requestParameters'],
        requestParameters,
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toStrictEqual({
        kind: 'configuration-changed',
        id: ENVELOPE_ID,
        time: '2018-07-11T22:17:43Z',
        account: '123456789012',
        region: 'us-east-2',
        eventName,
        ...(repositoryName === undefined ? {} : { repositoryName }),
        actor: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:user/Mary_Major',
          roleName: 'Admin',
          issuerArn: 'arn:aws:iam::123456789012:role/Admin',
        },
      });
    });

    it('ignores PutAccountSetting of a setting no control judges', () => {
      // Prepare
      const event = withField(
        withField(createRepositoryEvent(), ['detail', 'eventName'], 'PutAccountSetting'),
        ['detail', 'requestParameters'],
        { name: 'REGISTRY_POLICY_SCOPE', value: 'V2' },
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        reason: 'CloudTrail call PutAccountSetting of REGISTRY_POLICY_SCOPE is not acted on',
      });
    });

    it('ignores a drift call that failed', () => {
      // Prepare
      const event = withField(
        withField(createRepositoryEvent(), ['detail', 'eventName'], 'PutLifecyclePolicy'),
        ['detail', 'errorCode'],
        'AccessDenied',
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'ignored',
        reason: 'CloudTrail call PutLifecyclePolicy failed (AccessDenied): nothing changed',
      });
    });

    it('reads the role name from an assumed-role ARN when there is no session issuer', () => {
      // Prepare: how ecr-guard's own calls look, so that it can ignore them.
      const event = withField(
        withField(createRepositoryEvent(), ['detail', 'eventName'], 'PutImageTagMutability'),
        ['detail', 'userIdentity'],
        {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:assumed-role/ecr-guard-remediation/1700000000000',
        },
      );

      // Act
      const normalized = normalizeEvent(event);

      // Assess
      expect(normalized).toMatchObject({
        kind: 'configuration-changed',
        actor: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:assumed-role/ecr-guard-remediation/1700000000000',
          roleName: 'ecr-guard-remediation',
        },
      });
    });
  });

  describe('invalid events', () => {
    it.each([
      ['a string', 'ECR Image Action'],
      ['a number', 42],
      ['null', null],
      ['an array', []],
    ])('refuses %s', (_case, raw) => {
      // Act
      const error = invalidEventErrorOf(() => normalizeEvent(raw));

      // Assess
      expect(error.issues[0]).toMatch(/^event: /);
    });

    it.each([
      ['missing account', withoutField(loadEventFixture(PUSH), ['account']), 'account: '],
      [
        'an 11-digit account',
        withField(loadEventFixture(PUSH), ['account'], '12345678901'),
        'account: expected a 12-digit AWS account id',
      ],
      [
        'an account that is a number',
        withField(loadEventFixture(PUSH), ['account'], 123456789012),
        'account: ',
      ],
      [
        'a region that is no region',
        withField(loadEventFixture(PUSH), ['region'], 'US-WEST-2'),
        'region: expected an AWS region like us-east-1',
      ],
      ['an unknown source', withField(loadEventFixture(PUSH), ['source'], 'aws.ec2'), 'source: '],
      ['missing detail', withoutField(loadEventFixture(PUSH), ['detail']), 'detail: '],
      [
        'a time that is no timestamp',
        withField(loadEventFixture(PUSH), ['time'], 'yesterday'),
        'time: expected an ISO-8601 timestamp',
      ],
      [
        'a repository name with uppercase',
        withField(loadEventFixture(PUSH), ['detail', 'repository-name'], 'My-Repository'),
        'detail.repository-name: expected an ECR repository name',
      ],
      [
        'a push without digest',
        withoutField(loadEventFixture(PUSH), ['detail', 'image-digest']),
        'detail.image-digest: ',
      ],
      [
        'a basic scan without repository',
        withoutField(loadEventFixture(BASIC_SCAN), ['detail', 'repository-name']),
        'detail.repository-name: ',
      ],
      [
        'a basic scan with a negative count',
        withField(
          loadEventFixture(BASIC_SCAN),
          ['detail', 'finding-severity-counts', 'CRITICAL'],
          -1,
        ),
        'detail.finding-severity-counts.CRITICAL: ',
      ],
      [
        'a basic scan with a tag that is not a string',
        withField(loadEventFixture(BASIC_SCAN), ['detail', 'image-tags'], [7]),
        'detail.image-tags[0]: ',
      ],
      [
        'an enhanced scan whose repository is a name, not an ARN',
        withField(loadEventFixture(ENHANCED_SCAN), ['detail', 'repository-name'], 'inspector2'),
        'detail.repository-name: expected an ECR repository ARN',
      ],
      [
        'an enhanced scan of a repository in another region',
        withField(
          loadEventFixture(ENHANCED_SCAN),
          ['detail', 'repository-name'],
          'arn:aws:ecr:eu-west-1:123456789012:repository/amazon/amazon-ecs-sample',
        ),
        'detail.repository-name: region eu-west-1',
      ],
      [
        'a CloudTrail call without userIdentity',
        withoutField(createRepositoryEvent(), ['detail', 'userIdentity']),
        'detail.userIdentity: ',
      ],
      [
        'a CloudTrail call made in another region',
        withField(createRepositoryEvent(), ['region'], 'eu-west-1'),
        'detail.awsRegion: us-east-2',
      ],
      [
        'a CloudTrail call received by another account',
        withField(createRepositoryEvent(), ['account'], '210987654321'),
        'detail.recipientAccountId: 123456789012',
      ],
      [
        'a CloudTrail call without eventName',
        withoutField(createRepositoryEvent(), ['detail', 'eventName']),
        'detail.eventName: ',
      ],
      [
        'a CreateRepository that names no repository',
        withField(
          withField(createRepositoryEvent(), ['detail', 'requestParameters'], null),
          ['detail', 'responseElements'],
          null,
        ),
        'detail.requestParameters.repositoryName: ',
      ],
      [
        'a repository drift call without repository',
        withField(
          withField(createRepositoryEvent(), ['detail', 'eventName'], 'DeleteLifecyclePolicy'),
          ['detail', 'requestParameters'],
          {},
        ),
        'detail.requestParameters.repositoryName: ',
      ],
    ])('refuses %s, naming the field', (_case, raw, issue) => {
      // Act
      const error = invalidEventErrorOf(() => normalizeEvent(raw));

      // Assess
      expect(error.issues.some((text) => text.startsWith(issue))).toBe(true);
      expect(error.message).toContain(issue);
    });

    it('keeps the zod error as cause', () => {
      // Prepare
      const event = withoutField(loadEventFixture(PUSH), ['account']);

      // Act
      const error = invalidEventErrorOf(() => normalizeEvent(event));

      // Assess
      expect(error.name).toBe('InvalidEventError');
      expect(error.cause).toBeInstanceOf(Error);
    });
  });
});

describe('Function: parseEventJson', () => {
  it('normalizes the event in a JSON text', () => {
    // Prepare
    const text = JSON.stringify(loadEventFixture(PUSH));

    // Act
    const normalized = parseEventJson(text);

    // Assess
    expect(normalized.kind).toBe('image-pushed');
  });

  it.each([
    ['an empty text', ''],
    ['a truncated event', '{"version": "0", "id": '],
  ])('refuses %s as not JSON', (_case, text) => {
    // Act
    const error = invalidEventErrorOf(() => parseEventJson(text));

    // Assess
    expect(error.message).toMatch(/^not JSON: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
