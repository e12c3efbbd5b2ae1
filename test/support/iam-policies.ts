/**
 * Reading IAM out of CloudFormation templates, and the AWS calls out of source code, for the
 * least-privilege tests.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource, Template } from '../../harness/serverless-package.ts';

/** One IAM policy statement as a template holds it (values may be intrinsic functions). */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyDocument {
  Statement: Statement | Statement[];
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The statements of a policy document. */
export function statementsOf(document: unknown): Statement[] {
  return asArray((document as PolicyDocument | undefined)?.Statement);
}

/** The actions of a statement, always as an array. */
export function actionsOf(statement: Statement): string[] {
  return asArray(statement.Action);
}

/** The resources of a statement, always as an array. */
export function resourcesOf(statement: Statement): unknown[] {
  return asArray(statement.Resource as unknown);
}

/** The identity-policy statements of a role: inline, and from `AWS::IAM::Policy` attached to it. */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const role = template.Resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role`);
  const inline = asArray(role.Properties?.Policies as { PolicyDocument: unknown }[]).flatMap(
    (policy) => statementsOf(policy.PolicyDocument),
  );
  const attached = Object.values(template.Resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties?.Roles ?? []).includes(`"${roleLogicalId}"`),
    )
    .flatMap((r) => statementsOf(r.Properties?.PolicyDocument));
  return [...inline, ...attached];
}

/** Every allowed action of a role, sorted and without duplicates. */
export function roleActions(template: Template, roleLogicalId: string): string[] {
  const actions = roleStatements(template, roleLogicalId)
    .filter((s) => s.Effect === 'Allow')
    .flatMap(actionsOf);
  return [...new Set(actions)].sort();
}

/** Every policy document of a template (identity, trust, key, bus, queue policies), with where. */
export function allPolicyDocuments(
  template: Template,
): { where: string; statements: Statement[] }[] {
  const found: { where: string; statements: Statement[] }[] = [];
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, `${where}[${i}]`);
      });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if ('Statement' in record && ('Version' in record || Array.isArray(record.Statement))) {
      found.push({ where, statements: statementsOf(record) });
      return;
    }
    for (const [key, child] of Object.entries(record)) visit(child, `${where}.${key}`);
  };
  for (const [id, resource] of Object.entries(template.Resources)) visit(resource, id);
  return found;
}

/** Resources of a type, by logical id. */
export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * IAM actions without resource-level permissions ("*" is the narrowest resource IAM accepts
 * for them). Any other action granted on "*" fails the least-privilege tests.
 */
export const ACTIONS_ONLY_ON_STAR: ReadonlySet<string> = new Set([
  'ecr:DescribePullThroughCacheRules',
  'ecr:GetRegistryScanningConfiguration',
  'ecr:PutRegistryScanningConfiguration',
  'inspector2:ListFindings',
  'organizations:ListAccounts',
  // ECS lists and task definitions, Lambda's function list: IAM takes "*" only.
  'ecs:DescribeTaskDefinition',
  'ecs:ListClusters',
  'ecs:ListServices',
  'ecs:ListTasks',
  'lambda:ListFunctions',
]);

/** Batch calls IAM authorizes with the single call's action. */
const IAM_ACTION_OF_CALL: Readonly<Record<string, string>> = {
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  'sqs:DeleteMessageBatch': 'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibilityBatch': 'sqs:ChangeMessageVisibility',
};

/**
 * Calls that take more than their own action: ecr-guard sets a source identity on every
 * session it opens in a member account (lib/aws/cross-account-credentials.ts), which IAM
 * authorizes as sts:SetSourceIdentity besides sts:AssumeRole.
 */
const MORE_ACTIONS_OF_CALL: Readonly<Record<string, readonly string[]>> = {
  'sts:AssumeRole': ['sts:SetSourceIdentity'],
};

/** Calls IAM always allows (no policy grants or denies them). */
const NO_PERMISSION_NEEDED: ReadonlySet<string> = new Set(['sts:GetCallerIdentity']);

/** Services whose calls a function makes in member accounts, through the member role. */
const MEMBER_ACCOUNT_PREFIXES = ['ecr:', 'inspector2:', 'ecs:', 'lambda:'];

/**
 * The ECR, Inspector, ECS and Lambda part of an action list: what a function does in an
 * account's registry, and its reads of what runs there (the member role holds exactly these).
 */
export function registryActions(actions: readonly string[]): string[] {
  return actions.filter((a) => MEMBER_ACCOUNT_PREFIXES.some((p) => a.startsWith(p))).sort();
}

/** IAM prefix of each AWS SDK v3 client package ecr-guard may use. */
const IAM_PREFIX_BY_CLIENT: Readonly<Record<string, string>> = {
  dynamodb: 'dynamodb',
  ecr: 'ecr',
  ecs: 'ecs',
  eventbridge: 'events',
  inspector2: 'inspector2',
  lambda: 'lambda',
  organizations: 'organizations',
  'secrets-manager': 'secretsmanager',
  securityhub: 'securityhub',
  sns: 'sns',
  sqs: 'sqs',
  sts: 'sts',
};

/**
 * What each method of `EcrGateway` calls. A gateway method is one class member, which no
 * bundler can tree-shake, so a bundle that only lists tags still holds every ECR command:
 * the calls a function makes through the gateway are read from the methods it calls.
 */
export const ECR_GATEWAY_METHOD_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  describeRepository: ['ecr:DescribeRepositories'],
  listRepositories: ['ecr:DescribeRepositories'],
  getLifecyclePolicyText: ['ecr:GetLifecyclePolicy'],
  listTags: ['ecr:ListTagsForResource'],
  getRegistryScanning: ['ecr:GetRegistryScanningConfiguration'],
  getPullThroughCachePrefixes: ['ecr:DescribePullThroughCacheRules'],
  invalidateRegistryScanning: [],
  // A registry write is merged into the configuration read at that moment.
  apply: [
    'ecr:GetRegistryScanningConfiguration',
    'ecr:PutImageScanningConfiguration',
    'ecr:PutImageTagMutability',
    'ecr:PutLifecyclePolicy',
    'ecr:PutRegistryScanningConfiguration',
  ],
};

/** Where the ECR gateway lives; its own commands are counted through its methods instead. */
const ECR_GATEWAY_FILE = 'lib/aws/ecr-gateway.ts';

/**
 * The AWS calls a set of source files (a bundle's own code) can make, as IAM actions
 * (`ecr:PutLifecyclePolicy`): every `new XCommand(` and `paginateX(` imported from an
 * `@aws-sdk/client-*` package (statically, or destructured from `await import(…)`), and
 * every call of an `EcrGateway` method. Calls made inside
 * libraries (e.g. Powertools' DynamoDB persistence) are not seen.
 */
export function awsCallsIn(rootDir: string, sourceFiles: readonly string[]): string[] {
  const actions = new Set<string>();
  const gatewayMethods = Object.keys(ECR_GATEWAY_METHOD_ACTIONS).join('|');
  for (const file of sourceFiles) {
    if (file === ECR_GATEWAY_FILE) continue;
    const text = readFileSync(join(rootDir, file), 'utf8');
    const importedFrom = new Map<string, string>();
    for (const match of text.matchAll(
      /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'@aws-sdk\/client-([a-z0-9-]+)'/g,
    )) {
      const prefix = IAM_PREFIX_BY_CLIENT[match[2] ?? ''];
      if (prefix === undefined)
        throw new Error(`${file}: no IAM prefix known for client-${match[2]}`);
      for (const name of (match[1] ?? '').split(',')) {
        const local = name
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .pop();
        if (local) importedFrom.set(local, prefix);
      }
    }
    // A client loaded on first use: `const { XCommand } = await import('@aws-sdk/client-x')`.
    for (const match of text.matchAll(
      /\{([^{}]*)\}\s*=\s*await\s+import\(\s*'@aws-sdk\/client-([a-z0-9-]+)'\s*\)/g,
    )) {
      const prefix = IAM_PREFIX_BY_CLIENT[match[2] ?? ''];
      if (prefix === undefined)
        throw new Error(`${file}: no IAM prefix known for client-${match[2]}`);
      for (const name of (match[1] ?? '').split(',')) {
        const local = name
          .trim()
          .split(/\s*:\s*/)
          .pop();
        if (local) importedFrom.set(local, prefix);
      }
    }
    for (const match of text.matchAll(/new\s+(\w+)Command\s*\(|\bpaginate(\w+)\s*\(/g)) {
      const operation = match[1] ?? match[2] ?? '';
      const imported = match[1] !== undefined ? `${operation}Command` : `paginate${operation}`;
      const prefix = importedFrom.get(imported);
      if (prefix !== undefined) actions.add(`${prefix}:${operation}`);
    }
    for (const match of text.matchAll(new RegExp(`\\.(${gatewayMethods})\\(`, 'g'))) {
      for (const action of ECR_GATEWAY_METHOD_ACTIONS[match[1] ?? ''] ?? []) actions.add(action);
    }
  }
  const iamActions = [...actions].flatMap((a) => [
    IAM_ACTION_OF_CALL[a] ?? a,
    ...(MORE_ACTIONS_OF_CALL[a] ?? []),
  ]);
  return [...new Set(iamActions)].filter((a) => !NO_PERMISSION_NEEDED.has(a)).sort();
}

/** What a template's `Fn::If`s choose: its parameters' values (lists as arrays) and pseudo parameters. */
export type ParameterValues = Readonly<Record<string, string | readonly string[]>>;

type Json = unknown;

/**
 * The template with every `Fn::If` decided for these parameter values (its `Conditions`
 * evaluated: `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`, and the `Ref`,
 * `Fn::Join`, `Fn::Select`, `Fn::Split` they use), and `{ Ref: AWS::NoValue }` dropped: what
 * CloudFormation would deploy, as far as the policies go. A `Ref` to a given parameter is
 * replaced by its value.
 */
export function withParameterValues(template: Template, values: ParameterValues): Template {
  const conditions = (template.Conditions ?? {}) as Record<string, Json>;
  const value = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(value);
    if (typeof node !== 'object' || node === null) return node;
    const record = node as Record<string, Json>;
    if ('Ref' in record) {
      const name = String(record.Ref);
      if (!(name in values)) throw new Error(`no value given for ${name}`);
      return values[name];
    }
    if ('Fn::Join' in record) {
      const [separator, parts] = record['Fn::Join'] as [string, Json];
      return ([] as Json[]).concat(value(parts) as Json[]).join(separator);
    }
    if ('Fn::Split' in record) {
      const [separator, text] = record['Fn::Split'] as [string, Json];
      return String(value(text)).split(separator);
    }
    if ('Fn::Select' in record) {
      const [index, list] = record['Fn::Select'] as [number, Json];
      return (value(list) as Json[])[Number(index)];
    }
    return truth(node);
  };
  const truth = (node: Json): boolean => {
    const record = node as Record<string, Json>;
    if ('Condition' in record) return truth(conditions[String(record.Condition)]);
    if ('Fn::Equals' in record) {
      const [a, b] = (record['Fn::Equals'] as Json[]).map(value);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    if ('Fn::Not' in record) return !truth((record['Fn::Not'] as Json[])[0]);
    if ('Fn::And' in record) return (record['Fn::And'] as Json[]).every(truth);
    if ('Fn::Or' in record) return (record['Fn::Or'] as Json[]).some(truth);
    throw new Error(`cannot evaluate the condition ${JSON.stringify(node)}`);
  };
  const NO_VALUE = Symbol('no value');
  const decide = (node: Json): Json | typeof NO_VALUE => {
    if (Array.isArray(node)) {
      return node.map(decide).filter((item) => item !== NO_VALUE);
    }
    if (typeof node !== 'object' || node === null) return node;
    const record = node as Record<string, Json>;
    if (record.Ref === 'AWS::NoValue') return NO_VALUE;
    if (typeof record.Ref === 'string' && record.Ref in values) return values[record.Ref];
    if ('Fn::If' in record) {
      const [name, then, otherwise] = record['Fn::If'] as [string, Json, Json];
      return decide(truth(conditions[name]) ? then : otherwise);
    }
    return Object.fromEntries(
      Object.entries(record)
        .map(([key, child]) => [key, decide(child)] as const)
        .filter(([, child]) => child !== NO_VALUE),
    );
  };
  return { ...template, Resources: decide(template.Resources) as Template['Resources'] };
}
