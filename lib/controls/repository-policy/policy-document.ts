/**
 * A repository policy read as IAM reads it: one or more statements, each with its effect,
 * principal (or NotPrincipal), action (or NotAction), resource (or NotResource) and
 * condition. Anything else ecr-guard refuses to interpret: it reports the policy as
 * malformed rather than guess what it grants.
 *
 * @module
 */

/** A statement's principal block: `"*"` or `{ AWS, Service, Federated, CanonicalUser }`. */
export type Principal = '*' | Readonly<Record<string, readonly string[]>>;

/** One statement, normalized (single values as lists), and the text it came from. */
export interface PolicyStatement {
  /** Its position in the policy's `Statement` list (0 for a single statement). */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: Principal;
  notPrincipal?: Principal;
  action?: readonly string[];
  notAction?: readonly string[];
  resource?: readonly string[];
  notResource?: readonly string[];
  /** Operator → condition key → values. */
  condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** The statement exactly as written, kept when others are removed. */
  original: unknown;
}

export interface PolicyDocument {
  /** The document's other members (`Version`, `Id`), kept as they are. */
  rest: Readonly<Record<string, unknown>>;
  statements: PolicyStatement[];
}

/** Why a policy text is not one ecr-guard can read. */
export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPolicyError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === 'string')) {
    throw new MalformedPolicyError(`${where} must be a string or a list of strings`);
  }
  return list as string[];
}

function principalOf(value: unknown, where: string): Principal {
  if (value === '*') return '*';
  if (!isRecord(value)) throw new MalformedPolicyError(`${where} must be "*" or an object`);
  const out: Record<string, readonly string[]> = {};
  for (const [kind, ids] of Object.entries(value)) out[kind] = strings(ids, `${where}.${kind}`);
  return out;
}

function conditionOf(
  value: unknown,
  where: string,
): Record<string, Record<string, readonly string[]>> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new MalformedPolicyError(`${where} must be an object`);
  const out: Record<string, Record<string, readonly string[]>> = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isRecord(keys)) throw new MalformedPolicyError(`${where}.${operator} must be an object`);
    out[operator] = {};
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        throw new MalformedPolicyError(`${where}.${operator}.${key} must hold strings`);
      }
      out[operator][key] = list.map(String);
    }
  }
  return out;
}

function statementOf(value: unknown, index: number): PolicyStatement {
  const where = `Statement[${index}]`;
  if (!isRecord(value)) throw new MalformedPolicyError(`${where} is not an object`);
  const effect = value.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new MalformedPolicyError(`${where}.Effect must be Allow or Deny`);
  }
  if ((value.Principal === undefined) === (value.NotPrincipal === undefined)) {
    throw new MalformedPolicyError(`${where} needs exactly one of Principal and NotPrincipal`);
  }
  if ((value.Action === undefined) === (value.NotAction === undefined)) {
    throw new MalformedPolicyError(`${where} needs exactly one of Action and NotAction`);
  }
  if (value.Resource !== undefined && value.NotResource !== undefined) {
    throw new MalformedPolicyError(`${where} has both Resource and NotResource`);
  }
  const sid = typeof value.Sid === 'string' ? value.Sid : undefined;
  return {
    index,
    ...(sid === undefined ? {} : { sid }),
    effect,
    ...(value.Principal === undefined
      ? {}
      : { principal: principalOf(value.Principal, `${where}.Principal`) }),
    ...(value.NotPrincipal === undefined
      ? {}
      : { notPrincipal: principalOf(value.NotPrincipal, `${where}.NotPrincipal`) }),
    ...(value.Action === undefined ? {} : { action: strings(value.Action, `${where}.Action`) }),
    ...(value.NotAction === undefined
      ? {}
      : { notAction: strings(value.NotAction, `${where}.NotAction`) }),
    ...(value.Resource === undefined
      ? {}
      : { resource: strings(value.Resource, `${where}.Resource`) }),
    ...(value.NotResource === undefined
      ? {}
      : { notResource: strings(value.NotResource, `${where}.NotResource`) }),
    condition: conditionOf(value.Condition, `${where}.Condition`),
    original: value,
  };
}

/**
 * Parses a repository policy's text.
 *
 * @throws {MalformedPolicyError} naming what cannot be read.
 * @example
 * ```ts
 * parsePolicy('{"Version":"2012-10-17","Statement":[…]}').statements.length;
 * ```
 */
export function parsePolicy(text: string): PolicyDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MalformedPolicyError(`not JSON (${(error as Error).message})`);
  }
  if (!isRecord(json)) throw new MalformedPolicyError('not a JSON object');
  const { Statement, ...rest } = json;
  if (Statement === undefined) throw new MalformedPolicyError('no Statement');
  const list = Array.isArray(Statement) ? Statement : [Statement];
  if (list.length === 0) throw new MalformedPolicyError('Statement is empty');
  return { rest, statements: list.map(statementOf) };
}

/**
 * The policy text with only `kept` statements (in their order, exactly as written), the
 * document's other members unchanged.
 *
 * @example
 * ```ts
 * const policy = parsePolicy(text);
 * policyTextWith(policy, policy.statements.slice(1));
 * ```
 */
export function policyTextWith(document: PolicyDocument, kept: readonly PolicyStatement[]): string {
  return JSON.stringify({ ...document.rest, Statement: kept.map((s) => s.original) }, null, 2);
}
