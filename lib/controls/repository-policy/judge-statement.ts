import { PUSH_ACTIONS } from './config.ts';
import type { PolicyStatement, Principal } from './policy-document.ts';

/** Whom a repository may grant to, besides itself. */
export interface GrantLimits {
  /** The repository's own account. */
  account: string;
  /** The repository's ARN, to tell whether a statement's `Resource` covers it. */
  repositoryArn: string;
  allowedAccounts: readonly string[];
  pushAccounts: readonly string[];
  /** Empty: any organization condition counts. */
  organizationIds: readonly string[];
}

/** An IAM wildcard (`*`, `?`), case-insensitive as IAM matches actions. */
function iamMatches(pattern: string, value: string, caseSensitive = false): boolean {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, caseSensitive ? 's' : 'is').test(value);
}

/** The account a principal id names: `123456789012`, or an IAM/STS ARN; else `undefined`. */
function accountOf(id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return id;
  return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(id)?.[1];
}

const ORG_KEYS = new Set(['aws:principalorgid', 'aws:resourceorgid']);
const ORG_PATH_KEYS = new Set(['aws:principalorgpaths', 'aws:resourceorgpaths']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount']);

/** The operator without its set prefix, when it requires the key (no `IfExists`). */
function equalityOperator(operator: string): 'equals' | 'like' | undefined {
  const base = operator.replace(/^For(?:Any|All)Value:/, '');
  if (base === 'StringEquals' || base === 'StringEqualsIgnoreCase') return 'equals';
  if (base === 'StringLike') return 'like';
  return undefined;
}

type Restriction = { to: 'organization' } | { to: 'accounts'; accounts: string[] } | undefined;

/**
 * What a statement's condition restricts its principals to: an organization (of
 * `organizationIds`, or any when none is configured), or a set of accounts.
 */
function restrictionOf(statement: PolicyStatement, limits: GrantLimits): Restriction {
  const isOrg = (value: string): boolean =>
    limits.organizationIds.length === 0
      ? /^o-[a-z0-9]{10,32}$/.test(value)
      : limits.organizationIds.includes(value);
  for (const [operator, keys] of Object.entries(statement.condition)) {
    const kind = equalityOperator(operator);
    if (kind === undefined) continue;
    for (const [key, values] of Object.entries(keys)) {
      const lower = key.toLowerCase();
      if (ORG_KEYS.has(lower) && values.length > 0 && values.every(isOrg)) {
        return { to: 'organization' };
      }
      if (
        ORG_PATH_KEYS.has(lower) &&
        values.length > 0 &&
        values.every((path) => isOrg(path.split('/')[0] ?? ''))
      ) {
        return { to: 'organization' };
      }
      if (
        ACCOUNT_KEYS.has(lower) &&
        kind === 'equals' &&
        values.length > 0 &&
        values.every((v) => /^\d{12}$/.test(v))
      ) {
        return { to: 'accounts', accounts: [...values] };
      }
    }
  }
  return undefined;
}

/** Whether the statement applies to this repository at all (`Resource` / `NotResource`). */
function appliesTo(statement: PolicyStatement, repositoryArn: string): boolean {
  if (statement.resource !== undefined) {
    return statement.resource.some((r) => iamMatches(r, repositoryArn, true));
  }
  if (statement.notResource !== undefined) {
    return !statement.notResource.some((r) => iamMatches(r, repositoryArn, true));
  }
  return true;
}

/** The push actions a statement grants (`Action`, or everything `NotAction` leaves out). */
function pushActionsGranted(statement: PolicyStatement): string[] {
  return PUSH_ACTIONS.filter((action) =>
    statement.action !== undefined
      ? statement.action.some((a) => iamMatches(a, action))
      : !(statement.notAction ?? []).some((a) => iamMatches(a, action)),
  );
}

function awsIds(principal: Principal): readonly string[] {
  return principal === '*' ? ['*'] : (principal.AWS ?? []);
}

/**
 * Why an `Allow` statement of a repository policy grants too much, or `[]`:
 * - to everyone (`Principal "*"`, `{"AWS": "*"}`, or any `NotPrincipal`) unless its condition
 *   restricts it to the organization (`aws:PrincipalOrgID` / `aws:ResourceOrgID` /
 *   `…OrgPaths`) or to accounts of the repository's own and `allowedAccounts`;
 * - to an account other than the repository's own, `allowedAccounts` and `pushAccounts`,
 *   unless restricted to the organization;
 * - a push action (`ecr:PutImage`, the layer uploads, `ecr:BatchDeleteImage`) to anyone but
 *   the repository's own account and `pushAccounts`.
 *
 * `Deny` statements only take away: never a problem. A statement whose `Resource` does not
 * cover the repository grants nothing here. Principal ids that are no account (the unique ids
 * IAM leaves of deleted principals, services) grant nothing to another account.
 *
 * @example
 * ```ts
 * judgeStatement(statement, { account: '123456789012', repositoryArn, allowedAccounts: [], pushAccounts: [], organizationIds: [] });
 * // ['grants ecr:BatchGetImage to everyone (Principal "*"), with no organization condition']
 * ```
 */
export function judgeStatement(statement: PolicyStatement, limits: GrantLimits): string[] {
  if (statement.effect !== 'Allow' || !appliesTo(statement, limits.repositoryArn)) return [];
  const restriction = restrictionOf(statement, limits);
  const actions = (statement.action ?? [`everything but ${statement.notAction?.join(', ')}`]).join(
    ', ',
  );
  const problems: string[] = [];
  const pull = new Set([limits.account, ...limits.allowedAccounts, ...limits.pushAccounts]);
  const push = new Set([limits.account, ...limits.pushAccounts]);
  const everyone =
    statement.notPrincipal !== undefined ||
    (statement.principal !== undefined && awsIds(statement.principal).includes('*'));
  const accounts = [
    ...new Set(
      (statement.principal === undefined ? [] : awsIds(statement.principal)).flatMap((id) => {
        const account = accountOf(id);
        return account === undefined ? [] : [account];
      }),
    ),
  ];
  const restrictedTo = restriction?.to === 'accounts' ? restriction.accounts : [];
  const byOrganization = restriction?.to === 'organization';
  const byAccounts = restriction?.to === 'accounts' && restrictedTo.every((a) => pull.has(a));

  if (everyone && !byOrganization && !byAccounts) {
    const who =
      statement.notPrincipal === undefined ? 'everyone (Principal "*")' : 'everyone (NotPrincipal)';
    problems.push(`grants ${actions} to ${who}, with no organization condition`);
  }
  const foreign = accounts.filter((a) => !pull.has(a));
  if (foreign.length > 0 && !byOrganization) {
    problems.push(
      `grants ${actions} to account ${foreign.join(', ')}, outside the organization and repositoryPolicy.allowedAccounts`,
    );
  }
  const pushed = pushActionsGranted(statement);
  if (pushed.length > 0) {
    const pushers = [
      ...(everyone
        ? [
            byAccounts
              ? restrictedTo.join(', ')
              : byOrganization
                ? 'every account of the organization'
                : 'every account',
          ]
        : []),
      ...accounts.filter((a) => !push.has(a)),
    ].filter((who) => who !== '');
    const tooMany = everyone
      ? !(byAccounts && restrictedTo.every((a) => push.has(a)))
      : accounts.some((a) => !push.has(a));
    if (tooMany) {
      problems.push(
        `grants push (${pushed.join(', ')}) to ${pushers.join(', ')}, not in repositoryPolicy.pushAccounts`,
      );
    }
  }
  return problems;
}
