/**
 * The CLI's help texts, in a module of their own: \`ecr-guard --help\` and a command's
 * \`--help\` load this and nothing else (cli/main.ts loads a command's code only to run it).
 * The names and numbers they quote are the code's (test/unit/cli/usage.test.ts holds them equal).
 *
 * @module
 */

/** \`MEMBER_ROLE_NAME\` (lib/aws): the role enforcement acts through in member accounts. */
const MEMBER_ROLE_NAME = 'ecr-guard-remediation';
/** \`READER_ROLE_NAME\` (lib/aws): the read-only role of the alert path. */
const READER_ROLE_NAME = 'ecr-guard-reader';
/** \`DEFAULT_CONCURRENCY_PER_TARGET\` (lib/sweep). */
const DEFAULT_CONCURRENCY_PER_TARGET = 16;
/** \`OVERALL_PER_TARGET_RATIO\` (cli/sweep-command.ts). */
const OVERALL_PER_TARGET_RATIO = 4;

export const PARSE_EVENT_USAGE = `ecr-guard parse-event <event.json|->

Prints the normalized event as JSON. Exit 0 for a valid AWS event (including one ecr-guard
ignores, with the reason); exit 2 with the reason on stderr for anything else (a bare
CloudTrail record is told apart: EventBridge delivers it as the detail of an event).`;

/** `--notify`, shared by handle and enforce. */
const NOTIFY_USAGE = `  --notify           also tell the owning teams what was changed: one notice per team on
                     ALERTS_TOPIC_ARN (kind=notice), deduplicated in DEDUPE_TABLE_NAME.
                     Without it the CLI sends none; with --dry-run it prints them
                     (notices: team, SNS subject and attributes, Slack payload) and sends none`;

export const HANDLE_USAGE = `ecr-guard handle <event.json|-> [--dry-run] [--notify] [--role-name NAME] [--config ecr-guard.yml]

Runs one EventBridge event through the same path as the Lambda, against the AWS endpoint
of the environment (AWS_ENDPOINT_URL, the usual credentials), and prints JSON: the event,
and per repository and control its status (compliant, remediated, planned, exempt,
violation) with the write calls made (or planned, with --dry-run).

It acts where the event happened, as the Lambda does: in the event's account and region,
through that account's member role when it is not the account of the credentials in use.
  --role-name NAME   the member role (default ${MEMBER_ROLE_NAME}; for a scan event,
                     the read-only ${READER_ROLE_NAME})
${NOTIFY_USAGE}

Exit 0 when the repository (or the registry, for a registry event) ends compliant (or
exempt), 1 when it does not (a violation ecr-guard may not fix, writes planned by --dry-run,
an image whose replication failed), 2 on error or when nothing could be checked (the
repository does not exist there).

A scan event (ECR Image Scan, Inspector2 Scan) takes the path of report-findings instead:
the image's findings are read and one deduplicated alert is published to ALERTS_TOPIC_ARN
(deduplicated in DEDUPE_TABLE_NAME). With --dry-run nothing is read from or written to the
table and nothing is published: it prints the alert, the SNS message (subject, attributes,
body) and the Slack message. Exit 1 when the image has findings at or above
alerts.minSeverity, 0 when it has none.

An Inspector2 Finding event (continuous scanning), or a JSON array of them (a batch, one
window, as the finding queue delivers it), takes the path of the finding queue: findings
gathered per image, one message per image, one per team when a finding hits more than
alerts.groupAbove of its images, a resolved message when alerted findings close. With
--dry-run nothing is read from or written to the table and nothing is published (closing
findings at or above the threshold are taken to have been alerted): it prints
{ messages: [...] } in order, each with its kind, team, SNS subject and attributes, and the
Slack payload. Exit 1 when the batch sends (or would send) a message.`;

export const RENDER_ALERT_USAGE = `ecr-guard render-alert <scan-event.json|-> --findings <response.json> [--team NAME] [--config ecr-guard.yml]

Renders, without any AWS call, the alert a scan event would produce: the alert, the SNS
message (subject, attributes, body) and the Slack message. --findings is a saved
DescribeImageScanFindings response (basic scanning) or inspector2 ListFindings response
(enhanced), or an array of pages. --team stands in for the repository's team tag
(without it, the alert is unowned).

Exit 0 when nothing reaches alerts.minSeverity, 1 when there is an alert, 2 on error.`;

export const POLICY_USAGE = `ecr-guard policy validate [FILE | --config FILE] [--allow-broad]
ecr-guard policy show [FILE | --config FILE] [--format yaml|json] [--repository NAME [--tag key=value ...]]
ecr-guard policy permissions [FILE | --config FILE] [--format text|json]

validate:    checks the standard; exit 0 when valid, 2 with every problem (field and rule) when
             not. A standard that switches ecr-guard off (identity.roleNames "*", an exemption
             of "*" from all controls with no until) is refused too, unless --allow-broad.
             A lifecycle policy ECR accepts but that surprises people is warned about on stderr.
show:        prints the effective standard, every default filled in; with --repository, the
             standard as it applies to that repository (the scope that matches it, given its
             tags), and the scope's name.
permissions: the IAM actions enforcing this standard takes in an account: on its repositories,
             and on "*" (registry-level reads, and the registry-wide writes it enables, such as
             ecr:PutRegistryScanningConfiguration with scanning.manageRegistry). The central
             stack's roles are derived from it when it is packaged.
The standard is FILE (or --config FILE); without one, ecr-guard.yml in the current directory,
and the built-in defaults when there is none.`;

export const SWEEP_OPTIONS_USAGE = `Targets (default: the account of the credentials in use):
  --accounts a,b          these account ids (their member role is assumed, except the caller's own)
  --org                   every ACTIVE account of the organization (organizations:ListAccounts)
  --regions r1,r2         default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region
  --role-name NAME        member role to assume (default ${MEMBER_ROLE_NAME})
Output:
  --format F              table (default), json, markdown, html, csv (one row per repository
                          and control) or ocsf (OCSF Compliance Findings, JSON lines); from
                          --output's extension (.json, .md, .html, .csv, .ocsf) when not given
  --output FILE           write the report to FILE instead of stdout
  --security-hub          also import the results into AWS Security Hub as ASFF findings, one
                          per repository and control, in each account and region (a re-run
                          updates them; findings of deleted repositories are archived)
Other:
  --concurrency N         repositories handled at once per account and region (default ${DEFAULT_CONCURRENCY_PER_TARGET});
                          at most ${OVERALL_PER_TARGET_RATIO}×N across all of them
  --config FILE           the standard (default ecr-guard.yml)
Progress goes to stderr. Exit 0 when every repository is compliant or exempt, 1 when some
are not, 2 when something could not be checked (an account or region failed, or there was
nothing to check), when Security Hub refused the import, or on error.`;

export const AUDIT_USAGE = `ecr-guard audit [--accounts a,b | --org] [--regions r1,r2] [--role-name NAME] [--format table|json|markdown|html] [--output FILE] [--concurrency N]

Read-only compliance report of every ECR repository of the accounts and regions: per
repository and control compliant, exempt (with the reason and expiry) or violation (with
the fix enforce would make); totals per account and per control. Makes no write call.

${SWEEP_OPTIONS_USAGE}`;

export const ENFORCE_USAGE = `ecr-guard enforce [--accounts a,b | --org] [--regions r1,r2] [--role-name NAME] [--format …] [--output FILE] [--concurrency N] [--dry-run] [--notify] [--notices-output FILE]

Brings every ECR repository of the accounts and regions to the standard, writing only what
differs, and reports what it did. Exempt repositories are left alone and reported.
  --dry-run               show the plan and make no write call at all (exit 1 when it
                          would change something)
  --notify                also tell the owning teams what was changed: one notice per team
                          on ALERTS_TOPIC_ARN (kind=notice), deduplicated in DEDUPE_TABLE_NAME;
                          without it none is sent; with --dry-run they are built, not sent
  --notices-output FILE   write those notices as JSON ({ "notices": [...] }: team, SNS subject
                          and attributes, Slack payload) to FILE; each is summed up on stderr

${SWEEP_OPTIONS_USAGE}`;
