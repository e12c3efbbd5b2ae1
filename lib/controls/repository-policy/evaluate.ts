import type { ControlEvaluation, RepositoryState } from '../control.ts';
import type { RepositoryPolicyConfig } from './config.ts';
import type { DeleteRepositoryPolicy } from './delete-repository-policy.ts';
import { judgeStatement } from './judge-statement.ts';
import { MalformedPolicyError, parsePolicy, policyTextWith } from './policy-document.ts';
import type { SetRepositoryPolicy } from './set-repository-policy.ts';

/** What the repository-policy control judges: the repository and its policy text. */
export type RepositoryPolicyState = RepositoryState & { policyText: string | undefined };

function describeStatement(sid: string | undefined, index: number): string {
  return sid === undefined ? `statement ${index}` : `statement ${index} (${sid})`;
}

/**
 * The repository policy grants nothing to everyone outside the organization, nothing to
 * accounts outside it and `repositoryPolicy.allowedAccounts`, and push to no other account
 * but `repositoryPolicy.pushAccounts`. In `enforce` mode the fix removes exactly the
 * offending `Allow` statements (`SetRepositoryPolicy` with the others, or
 * `DeleteRepositoryPolicy` when none is left): it never adds nor widens anything. A policy that
 * cannot be read is reported, never rewritten.
 *
 * @example
 * ```ts
 * evaluateRepositoryPolicy({ ...state, policyText: publicPolicy }, { ...config, mode: 'enforce' });
 * // → { compliant: false, reason: 'statement 0 (Public) grants ecr:BatchGetImage to everyone …', remediation: { action: 'ecr:DeleteRepositoryPolicy', … } }
 * ```
 */
export function evaluateRepositoryPolicy(
  state: RepositoryPolicyState,
  config: RepositoryPolicyConfig,
): ControlEvaluation<SetRepositoryPolicy | DeleteRepositoryPolicy> {
  if (state.policyText === undefined) return { compliant: true };
  const { repositoryName, repositoryArn } = state.repository;
  let document: ReturnType<typeof parsePolicy>;
  try {
    document = parsePolicy(state.policyText);
  } catch (error) {
    if (!(error instanceof MalformedPolicyError)) throw error;
    return {
      compliant: false,
      reason: `the repository policy cannot be read as an IAM policy (${error.message}): left as it is, review it by hand`,
    };
  }
  const limits = {
    account: state.account,
    repositoryArn,
    allowedAccounts: config.allowedAccounts,
    pushAccounts: config.pushAccounts,
    organizationIds: config.organizationIds,
  };
  const judged = document.statements.map((statement) => ({
    statement,
    problems: judgeStatement(statement, limits),
  }));
  const offending = judged.filter((j) => j.problems.length > 0);
  if (offending.length === 0) return { compliant: true };
  const reason = offending
    .map((j) => `${describeStatement(j.statement.sid, j.statement.index)} ${j.problems.join('; ')}`)
    .join('; ');
  if (config.mode !== 'enforce') {
    return {
      compliant: false,
      reason: `${reason} (repositoryPolicy.mode is ${config.mode}: ecr-guard removes nothing)`,
    };
  }
  const kept = judged.filter((j) => j.problems.length === 0).map((j) => j.statement);
  return {
    compliant: false,
    reason,
    remediation:
      kept.length === 0
        ? { action: 'ecr:DeleteRepositoryPolicy', repositoryName }
        : {
            action: 'ecr:SetRepositoryPolicy',
            repositoryName,
            policyText: policyTextWith(document, kept),
          },
  };
}
