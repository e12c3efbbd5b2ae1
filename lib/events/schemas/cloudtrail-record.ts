/**
 * CloudTrail records of ECR API calls, as EventBridge delivers them in `detail` of an
 * `AWS API Call via CloudTrail` event.
 *
 * @module
 */
import * as z from 'zod';
import { AccountIdSchema, RegionSchema, RepositoryNameSchema } from './primitives.ts';

/** The CloudTrail `eventSource` of ECR (ECR Public is `ecr-public.amazonaws.com`). */
export const ECR_EVENT_SOURCE = 'ecr.amazonaws.com';

/**
 * What every record says it is. Read first, so that calls ecr-guard does not act on, and calls
 * that failed, are ignored whatever else they carry. `errorCode` is present only on failure.
 */
export const CloudTrailRecordSchema = z.object({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  errorCode: z.string().nullish(),
});

/** Who made the call. AWS service events carry no `type`; the API calls read here do. */
export const UserIdentitySchema = z.object({
  type: z.string().min(1),
  /** The account of the caller; another than the event's for a cross-account call. */
  accountId: z.string().nullish(),
  arn: z.string().min(1).nullish(),
  sessionContext: z
    .object({
      sessionIssuer: z
        .object({
          type: z.string().nullish(),
          arn: z.string().min(1).nullish(),
          userName: z.string().min(1).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type UserIdentity = z.infer<typeof UserIdentitySchema>;

/** An ECR API call ecr-guard acts on: who, where, and against which registry. */
export const EcrApiCallSchema = CloudTrailRecordSchema.extend({
  userIdentity: UserIdentitySchema,
  awsRegion: RegionSchema,
  recipientAccountId: AccountIdSchema.nullish(),
  requestParameters: z.object({ registryId: AccountIdSchema.nullish() }).nullish(),
});
export type EcrApiCall = z.infer<typeof EcrApiCallSchema>;

/**
 * `CreateRepository`. The name is in `requestParameters`; `responseElements.repository`
 * repeats it and is the fallback.
 */
export const CreateRepositoryCallSchema = EcrApiCallSchema.extend({
  requestParameters: z
    .object({
      registryId: AccountIdSchema.nullish(),
      repositoryName: RepositoryNameSchema.nullish(),
    })
    .nullish(),
  responseElements: z
    .object({
      repository: z
        .object({
          repositoryName: RepositoryNameSchema.nullish(),
          // The registry (account) the repository was created in, and its ARN.
          registryId: z.string().nullish(),
          repositoryArn: z.string().nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type CreateRepositoryCall = z.infer<typeof CreateRepositoryCallSchema>;

/** A call that changes one repository's configuration: the name is required. */
export const RepositoryConfigurationCallSchema = EcrApiCallSchema.extend({
  requestParameters: z.object({
    registryId: AccountIdSchema.nullish(),
    repositoryName: RepositoryNameSchema,
  }),
});
export type RepositoryConfigurationCall = z.infer<typeof RepositoryConfigurationCallSchema>;
