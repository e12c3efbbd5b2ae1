import { MEMBER_ROLE_NAME } from '#lib/aws/cross-account-credentials.ts';

/** The usage of `ecr-guard lifecycle`, apart from the command so that `--help` loads no AWS client. */
export const LIFECYCLE_USAGE = `ecr-guard lifecycle preview [--repository NAME] [--accounts a,b | --org] [--regions r1,r2] [--policy FILE] [--format table|json|markdown|html] [--output FILE]

What the lifecycle policies would expire or move to archive now, per repository: the policy
that applies (its own; the standard's where enforce would attach or put it; --policy FILE to
try another), each image that would go (digest, tags, pushed, last pulled, size, deciding
rule) and what uses it (ECS services and tasks, Lambda image functions, Amazon Inspector),
the bytes and the monthly cost freed (cost.storagePricePerGbMonth in ecr-guard.yml), totals
per account, team and organization. Makes no write call.
  --repository NAME       only this repository
  --accounts a,b / --org  targets as for audit (default: the account of the credentials)
  --regions r1,r2         default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region
  --policy FILE           a lifecycle policy (ECR's JSON, or YAML) to preview in place of theirs
  --layers                read every image manifest (BatchGetImage) to count each layer once
                          (layerBytesFreed); a manifest read counts as a pull unless the caller
                          is in the registry's pull-time update exclusions
  --format F              table (default), json, markdown or html; from --output's extension
  --output FILE           write the preview to FILE instead of stdout
  --role-name NAME        member role to assume (default ${MEMBER_ROLE_NAME})
  --config FILE           the standard (default ecr-guard.yml)
Exit 0 when nothing in use would expire, 1 when something in use would, 2 on error (or when
what runs could not be read while something would go).`;
