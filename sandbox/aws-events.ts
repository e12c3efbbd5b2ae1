/**
 * The events AWS would emit for what happens in the sandbox, each built from a real AWS
 * sample (`test/fixtures/events/`) with only the fields of this occurrence substituted:
 * moto's ECR and CloudTrail emit no events, so the sandbox plays AWS's part.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadEventFixture, withField, wrapCloudTrailRecord } from '../harness/fixtures.ts';

/** An EventBridge event, as AWS delivers it. */
export interface EventBridgeEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const CREATE_REPOSITORY = 'cloudtrail-record-ecr-createrepository.aws-docs.json';
const IMAGE_PUSHED = 'ecr-image-action-push-success.aws-docs.json';
const SCAN_COMPLETED = 'ecr-image-scan-complete-with-findings.aws-docs.json';
const SCHEDULED = new URL(
  '../test/fixtures/lambda-events/scheduled-event.aws-docs.json',
  import.meta.url,
);

/** Who made an API call, as CloudTrail records it. */
export interface Caller {
  account: string;
  /** The role the caller's session was issued by, e.g. `Admin` or ecr-guard's own role. */
  roleName: string;
  /** The session name: a person's name, or the function's session. */
  sessionName: string;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function repositoryArn(account: string, region: string, name: string): string {
  return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}

/**
 * The EventBridge event of a successful ECR API call recorded by CloudTrail: the real
 * `CreateRepository` record with the call, the caller and the repository substituted.
 *
 * @example
 * ```ts
 * cloudTrailCall('DeleteLifecyclePolicy', { region, repositoryName: 'web/frontend', caller });
 * ```
 */
export function cloudTrailCall(
  eventName: string,
  call: { region: string; repositoryName: string; caller: Caller; createdAt?: Date },
): EventBridgeEvent {
  const { region, repositoryName, caller } = call;
  const { account } = caller;
  const arn = repositoryArn(account, region, repositoryName);
  let record = loadEventFixture(CREATE_REPOSITORY);
  const fields: [string[], unknown][] = [
    [['eventName'], eventName],
    [['eventTime'], now()],
    [['awsRegion'], region],
    [['recipientAccountId'], account],
    [['eventID'], randomUUID()],
    [['requestID'], randomUUID()],
    [['userIdentity', 'accountId'], account],
    [
      ['userIdentity', 'arn'],
      `arn:aws:sts::${account}:assumed-role/${caller.roleName}/${caller.sessionName}`,
    ],
    [['userIdentity', 'principalId'], `AROASANDBOX${caller.roleName.length}:${caller.sessionName}`],
    [
      ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'],
      `arn:aws:iam::${account}:role/${caller.roleName}`,
    ],
    [['userIdentity', 'sessionContext', 'sessionIssuer', 'accountId'], account],
    [['userIdentity', 'sessionContext', 'sessionIssuer', 'userName'], caller.roleName],
    [['userIdentity', 'sessionContext', 'attributes', 'creationDate'], now()],
    [
      ['requestParameters'],
      { repositoryName, ...(eventName === 'CreateRepository' ? {} : { registryId: account }) },
    ],
    [['resources'], [{ ARN: arn, accountId: account }]],
    [
      ['responseElements'],
      eventName === 'CreateRepository'
        ? {
            repository: {
              repositoryArn: arn,
              repositoryName,
              repositoryUri: `${account}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`,
              createdAt: (call.createdAt ?? new Date()).toISOString(),
              registryId: account,
            },
          }
        : { registryId: account, repositoryName },
    ],
  ];
  for (const [path, value] of fields) record = withField(record, path, value);
  return wrapCloudTrailRecord(record) as unknown as EventBridgeEvent;
}

/**
 * ECR's `ECR Image Action` event of a successful push, from the real sample.
 *
 * @example
 * ```ts
 * imagePushed({ account, region, repositoryName: 'payments/api', imageDigest, imageTag: 'v1.4.0' });
 * ```
 */
export function imagePushed(push: {
  account: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
  imageTag: string;
}): EventBridgeEvent {
  let event = loadEventFixture(IMAGE_PUSHED) as EventBridgeEvent;
  event = { ...event, id: randomUUID(), account: push.account, region: push.region, time: now() };
  event = withField(event, ['detail', 'repository-name'], push.repositoryName);
  event = withField(event, ['detail', 'image-digest'], push.imageDigest);
  return withField(event, ['detail', 'image-tag'], push.imageTag);
}

/**
 * ECR's `ECR Image Scan` event of a completed basic scan, from the real sample.
 *
 * @example
 * ```ts
 * scanCompleted({ account, region, repositoryName, imageDigest, imageTags: ['v1.4.0'], severityCounts: { CRITICAL: 1 } });
 * ```
 */
export function scanCompleted(scan: {
  account: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  severityCounts: Record<string, number>;
}): EventBridgeEvent {
  let event = loadEventFixture(SCAN_COMPLETED) as EventBridgeEvent;
  event = {
    ...event,
    id: randomUUID(),
    account: scan.account,
    region: scan.region,
    time: now(),
    resources: [repositoryArn(scan.account, scan.region, scan.repositoryName)],
  };
  event = withField(event, ['detail', 'repository-name'], scan.repositoryName);
  event = withField(event, ['detail', 'image-digest'], scan.imageDigest);
  event = withField(event, ['detail', 'image-tags'], scan.imageTags);
  return withField(event, ['detail', 'finding-severity-counts'], scan.severityCounts);
}

/**
 * The `Scheduled Event` EventBridge sends when a schedule fires, from the real sample.
 *
 * @example
 * ```ts
 * scheduledEvent({ account, region, ruleArn: schedule.ruleArn });
 * ```
 */
export function scheduledEvent(schedule: {
  account: string;
  region: string;
  ruleArn: string;
}): EventBridgeEvent {
  const sample = JSON.parse(readFileSync(SCHEDULED, 'utf8')) as EventBridgeEvent;
  return {
    ...sample,
    id: randomUUID(),
    account: schedule.account,
    region: schedule.region,
    time: now(),
    resources: [schedule.ruleArn],
  };
}
