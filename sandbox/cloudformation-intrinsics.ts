/**
 * Resolves the CloudFormation intrinsic functions a packaged template uses (`Ref`,
 * `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::If`, `Fn::Select`, `Fn::Split`, and the
 * condition functions), the way CloudFormation would once the stack's resources exist.
 *
 * @module
 */

/** A JSON value, as a template holds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a created (or stood-in) resource resolves to: `Ref`, and its attributes. */
export interface PhysicalResource {
  /** What `Ref` returns: a name, URL or ARN, per resource type. */
  ref: string;
  /** What `Fn::GetAtt` returns, by attribute (`Arn`, `Name`, `QueueName`, …). */
  attributes: Record<string, string>;
}

/** A reference the resolver cannot answer: names the resource and what was asked of it. */
export class UnresolvedReferenceError extends Error {
  readonly reference: string;

  constructor(reference: string, problem: string) {
    super(`cannot resolve ${reference}: ${problem}`);
    this.name = 'UnresolvedReferenceError';
    this.reference = reference;
  }
}

export interface ResolverContext {
  /** `AWS::AccountId`, `AWS::Region`, … */
  pseudo: Readonly<Record<string, string>>;
  /** Template parameters, by name: their `Default` (what the packaging parameters set). */
  parameters: Readonly<Record<string, string>>;
  /** The template's `Conditions` section. */
  conditions: Readonly<Record<string, Json>>;
  /** Resources known so far, by logical id. */
  physical: ReadonlyMap<string, PhysicalResource>;
}

export interface Resolver {
  /** Resolves every intrinsic function inside `value`. */
  resolve(value: Json): Json;
  /** Resolves `value` and requires a string. */
  string(value: Json, where: string): string;
  /** Evaluates a named condition of the template. */
  condition(name: string): boolean;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Creates a resolver over the resources known so far (it reads `physical` at each call, so
 * resources created later resolve too).
 *
 * @example
 * ```ts
 * const resolver = createResolver({ pseudo: { 'AWS::AccountId': '123456789012' }, parameters: {}, conditions: {}, physical });
 * resolver.string({ 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' }, 'KeyPolicy'); // 'arn:aws:iam::123456789012:root'
 * ```
 */
export function createResolver(context: ResolverContext): Resolver {
  const evaluating = new Set<string>();

  function reference(name: string): string {
    const pseudo = context.pseudo[name];
    if (pseudo !== undefined) return pseudo;
    const parameter = context.parameters[name];
    if (parameter !== undefined) return parameter;
    const known = context.physical.get(name);
    if (known !== undefined) return known.ref;
    throw new UnresolvedReferenceError(`Ref ${name}`, 'no such parameter or created resource');
  }

  function attribute(id: string, name: string): string {
    const known = context.physical.get(id);
    if (known === undefined) {
      throw new UnresolvedReferenceError(
        `Fn::GetAtt ${id}.${name}`,
        'the resource was not created',
      );
    }
    const value = known.attributes[name];
    if (value === undefined) {
      throw new UnresolvedReferenceError(
        `Fn::GetAtt ${id}.${name}`,
        `known attributes: ${Object.keys(known.attributes).join(', ') || 'none'}`,
      );
    }
    return value;
  }

  function condition(name: string): boolean {
    const definition = context.conditions[name];
    if (definition === undefined) {
      throw new UnresolvedReferenceError(`Condition ${name}`, 'not in the template');
    }
    if (evaluating.has(name)) {
      throw new UnresolvedReferenceError(`Condition ${name}`, 'refers to itself');
    }
    evaluating.add(name);
    try {
      return truth(definition, `Condition ${name}`);
    } finally {
      evaluating.delete(name);
    }
  }

  function truth(value: Json, where: string): boolean {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    if (isObject(value)) {
      if ('Condition' in value && typeof value.Condition === 'string') {
        return condition(value.Condition);
      }
      if ('Fn::Equals' in value) {
        const [a, b] = asList(value['Fn::Equals'], where);
        return JSON.stringify(resolveInner(a ?? null)) === JSON.stringify(resolveInner(b ?? null));
      }
      if ('Fn::Not' in value) {
        const [inner] = asList(value['Fn::Not'], where);
        return !truth(inner ?? null, where);
      }
      if ('Fn::And' in value) return asList(value['Fn::And'], where).every((c) => truth(c, where));
      if ('Fn::Or' in value) return asList(value['Fn::Or'], where).some((c) => truth(c, where));
    }
    throw new UnresolvedReferenceError(where, `not a condition: ${JSON.stringify(value)}`);
  }

  function asList(value: Json | undefined, where: string): Json[] {
    if (!Array.isArray(value)) {
      throw new UnresolvedReferenceError(where, `expected a list, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  function substitute(text: string, variables: Record<string, Json>): string {
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_match, name: string) => {
      const own = variables[name];
      if (own !== undefined) return String(resolveInner(own));
      const dot = name.indexOf('.');
      if (dot > 0 && context.pseudo[name] === undefined) {
        return attribute(name.slice(0, dot), name.slice(dot + 1));
      }
      return reference(name);
    });
  }

  function resolveInner(value: Json): Json | typeof NO_VALUE {
    if (Array.isArray(value)) {
      return value.map(resolveInner).filter((v): v is Json => v !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const argument = value[key ?? ''] ?? null;
      switch (key) {
        case 'Ref':
          if (argument === 'AWS::NoValue') return NO_VALUE;
          return reference(String(argument));
        case 'Fn::GetAtt': {
          const [id, name] = Array.isArray(argument)
            ? argument.map(String)
            : String(argument).split(/\.(.*)/s);
          return attribute(String(id), String(name));
        }
        case 'Fn::Sub': {
          if (typeof argument === 'string') return substitute(argument, {});
          const [text, variables] = asList(argument, 'Fn::Sub');
          return substitute(String(text), isObject(variables ?? null) ? (variables as never) : {});
        }
        case 'Fn::Join': {
          const [separator, parts] = asList(argument, 'Fn::Join');
          const resolved = resolveInner(parts ?? []);
          return asList(resolved === NO_VALUE ? [] : resolved, 'Fn::Join')
            .map(String)
            .join(String(separator));
        }
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = asList(argument, 'Fn::If');
          return resolveInner((condition(String(name)) ? whenTrue : whenFalse) ?? null);
        }
        case 'Fn::Select': {
          const [index, list] = asList(argument, 'Fn::Select');
          const resolved = resolveInner(list ?? []);
          return asList(resolved === NO_VALUE ? [] : resolved, 'Fn::Select')[Number(index)] ?? null;
        }
        case 'Fn::Split': {
          const [separator, text] = asList(argument, 'Fn::Split');
          return String(resolveInner(text ?? '')).split(String(separator));
        }
        default:
          if (key?.startsWith('Fn::')) {
            throw new UnresolvedReferenceError(key, 'intrinsic function not supported here');
          }
      }
    }
    const out: { [key: string]: Json } = {};
    for (const [key, inner] of Object.entries(value)) {
      const resolved = resolveInner(inner);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  return {
    resolve(value: Json): Json {
      const resolved = resolveInner(value);
      return resolved === NO_VALUE ? null : resolved;
    },
    string(value: Json, where: string): string {
      const resolved = resolveInner(value);
      if (typeof resolved === 'string') return resolved;
      if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
      throw new UnresolvedReferenceError(
        where,
        `resolves to ${JSON.stringify(resolved)}, not text`,
      );
    },
    condition,
  };
}
