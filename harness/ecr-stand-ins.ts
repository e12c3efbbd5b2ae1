/**
 * Stateful stand-ins for the ECR APIs moto (5.2) lacks, answered on the loopback AWS proxy
 * (`aws-proxy.ts`) in the exact shapes of the Amazon ECR API Reference:
 * - repository creation templates: `CreateRepositoryCreationTemplate`,
 *   `UpdateRepositoryCreationTemplate`, `DeleteRepositoryCreationTemplate`,
 *   `DescribeRepositoryCreationTemplates` (API_RepositoryCreationTemplate.html);
 * - account settings: `GetAccountSetting`, `PutAccountSetting` (API_GetAccountSetting.html,
 *   API_PutAccountSetting.html);
 * - pull-through cache rules: `CreatePullThroughCacheRule`, `DeletePullThroughCacheRule`,
 *   `DescribePullThroughCacheRules` (API_PullThroughCacheRule.html).
 *
 * State is kept per account (moto's own, asked once per access key with STS
 * `GetCallerIdentity`) and region (the request's SigV4 scope), as ECR keeps it per registry.
 * Errors are the JSON 1.1 protocol's `{"__type", "message"}` with HTTP 400, as the API
 * reference lists them for each operation. Timestamps are epoch seconds, as ECR sends them.
 *
 * @module
 */

/** An answer in place of forwarding the request. */
export interface StandInResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the stand-ins answer, by ECR operation name. */
export const STAND_IN_OPERATIONS = [
  'CreateRepositoryCreationTemplate',
  'UpdateRepositoryCreationTemplate',
  'DeleteRepositoryCreationTemplate',
  'DescribeRepositoryCreationTemplates',
  'GetAccountSetting',
  'PutAccountSetting',
  'CreatePullThroughCacheRule',
  'DeletePullThroughCacheRule',
  'DescribePullThroughCacheRules',
] as const;

/**
 * The values an account setting starts with. ECR documents no default: these are the
 * stand-in's, `AWS_NATIVE` being the engine ECR now turns on for basic scanning; a test that
 * needs the older engine puts `CLAIR` first.
 */
export const ACCOUNT_SETTING_DEFAULTS: Readonly<Record<string, string>> = {
  BASIC_SCAN_TYPE_VERSION: 'AWS_NATIVE',
  REGISTRY_POLICY_SCOPE: 'V2',
};

const ACCOUNT_SETTING_VALUES: Readonly<Record<string, readonly string[]>> = {
  BASIC_SCAN_TYPE_VERSION: ['AWS_NATIVE', 'CLAIR'],
  REGISTRY_POLICY_SCOPE: ['V1', 'V2'],
};

/** API reference, `prefix` of the creation template operations. */
const TEMPLATE_PREFIX =
  /^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?|ROOT)$/;
const APPLIED_FOR = new Set(['CREATE_ON_PUSH', 'PULL_THROUGH_CACHE', 'REPLICATION']);
/** The template members `Create…` takes and `Describe…` returns, besides the prefix. */
const TEMPLATE_MEMBERS = [
  'description',
  'encryptionConfiguration',
  'resourceTags',
  'imageTagMutability',
  'imageTagMutabilityExclusionFilters',
  'repositoryPolicy',
  'lifecyclePolicy',
  'appliedFor',
  'customRoleArn',
] as const;

type Json = Record<string, unknown>;

interface Registry {
  templates: Map<string, Json>;
  settings: Map<string, string>;
  rules: Map<string, Json>;
}

function json(body: unknown, status = 200): StandInResponse {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  };
}

function error(type: string, message: string): StandInResponse {
  return json({ __type: type, message }, 400);
}

function epochSeconds(now: () => number): number {
  return Math.floor(now() / 1000);
}

export interface EcrStandInsOptions {
  /**
   * Pull-through cache rules every registry answers with, besides those created through the
   * API (`DescribePullThroughCacheRules` of these `ecrRepositoryPrefix`es).
   */
  pullThroughCachePrefixes?: readonly string[];
  now?: () => number;
}

export interface EcrStandIns {
  /**
   * The answer to an ECR call the stand-ins know, or `undefined` (forward it to moto).
   *
   * @param operation - the ECR operation (`GetAccountSetting`)
   * @param where - the registry: moto's account for the caller, and the request's region
   * @param body - the request's JSON body
   */
  answer(
    operation: string,
    where: { account: string; region: string },
    body: string,
  ): StandInResponse | undefined;
  /** Forgets every template, setting and rule created (as `/moto-api/reset` does moto's). */
  reset(): void;
}

/**
 * Creates the stand-ins, empty: no template, no pull-through cache rule (but those of
 * `pullThroughCachePrefixes`), every account setting at {@link ACCOUNT_SETTING_DEFAULTS}.
 *
 * @example
 * ```ts
 * const standIns = createEcrStandIns();
 * standIns.answer('GetAccountSetting', { account, region }, '{"name":"BASIC_SCAN_TYPE_VERSION"}');
 * ```
 */
export function createEcrStandIns(options: EcrStandInsOptions = {}): EcrStandIns {
  const now = options.now ?? Date.now;
  const registries = new Map<string, Registry>();
  const registryOf = (account: string, region: string): Registry => {
    const key = `${account}/${region}`;
    let registry = registries.get(key);
    if (registry === undefined) {
      registry = { templates: new Map(), settings: new Map(), rules: new Map() };
      registries.set(key, registry);
    }
    return registry;
  };

  function template(input: Json, existing: Json | undefined): Json {
    const out: Json = { ...(existing ?? {}) };
    for (const member of TEMPLATE_MEMBERS) {
      if (input[member] !== undefined) out[member] = input[member];
    }
    // ECR fills in what it defaults: MUTABLE tags, AES256 encryption.
    out.imageTagMutability ??= 'MUTABLE';
    out.encryptionConfiguration ??= { encryptionType: 'AES256' };
    out.prefix = input.prefix;
    out.createdAt = existing?.createdAt ?? epochSeconds(now);
    out.updatedAt = epochSeconds(now);
    return out;
  }

  function validTemplateInput(input: Json, creating: boolean): StandInResponse | undefined {
    if (typeof input.prefix !== 'string' || !TEMPLATE_PREFIX.test(input.prefix)) {
      return error(
        'ValidationException',
        `Invalid parameter at 'prefix' failed to satisfy constraint`,
      );
    }
    const appliedFor = input.appliedFor;
    if (creating && appliedFor === undefined) {
      return error('ValidationException', `Invalid parameter at 'appliedFor': must not be null`);
    }
    if (
      appliedFor !== undefined &&
      (!Array.isArray(appliedFor) || !appliedFor.every((a) => APPLIED_FOR.has(String(a))))
    ) {
      return error(
        'ValidationException',
        `Invalid parameter at 'appliedFor': each must be one of CREATE_ON_PUSH, PULL_THROUGH_CACHE, REPLICATION`,
      );
    }
    return undefined;
  }

  function rulesOf(registry: Registry, account: string): Json[] {
    const seeded = (options.pullThroughCachePrefixes ?? [])
      .filter((prefix) => !registry.rules.has(prefix))
      .map((ecrRepositoryPrefix) => ({
        ecrRepositoryPrefix,
        upstreamRegistryUrl: 'registry-1.docker.io',
        upstreamRegistry: 'docker-hub',
        registryId: account,
        createdAt: 1_700_000_000,
      }));
    return [...seeded, ...registry.rules.values()];
  }

  return {
    reset() {
      registries.clear();
    },
    answer(operation, { account, region }, body) {
      if (!(STAND_IN_OPERATIONS as readonly string[]).includes(operation)) return undefined;
      let input: Json;
      try {
        input = (body === '' ? {} : JSON.parse(body)) as Json;
      } catch {
        return error('SerializationException', 'the request body is not JSON');
      }
      const registry = registryOf(account, region);
      switch (operation) {
        case 'CreateRepositoryCreationTemplate': {
          const invalid = validTemplateInput(input, true);
          if (invalid !== undefined) return invalid;
          const prefix = String(input.prefix);
          if (registry.templates.has(prefix)) {
            return error(
              'TemplateAlreadyExistsException',
              `The repository creation template with prefix '${prefix}' already exists in the registry with id '${account}'`,
            );
          }
          const created = template(input, undefined);
          registry.templates.set(prefix, created);
          return json({ registryId: account, repositoryCreationTemplate: created });
        }
        case 'UpdateRepositoryCreationTemplate': {
          const invalid = validTemplateInput(input, false);
          if (invalid !== undefined) return invalid;
          const prefix = String(input.prefix);
          const existing = registry.templates.get(prefix);
          if (existing === undefined) {
            return error(
              'TemplateNotFoundException',
              `The repository creation template with prefix '${prefix}' does not exist in the registry with id '${account}'`,
            );
          }
          const updated = template(input, existing);
          registry.templates.set(prefix, updated);
          return json({ registryId: account, repositoryCreationTemplate: updated });
        }
        case 'DeleteRepositoryCreationTemplate': {
          const prefix = String(input.prefix);
          const existing = registry.templates.get(prefix);
          if (existing === undefined) {
            return error(
              'TemplateNotFoundException',
              `The repository creation template with prefix '${prefix}' does not exist in the registry with id '${account}'`,
            );
          }
          registry.templates.delete(prefix);
          return json({ registryId: account, repositoryCreationTemplate: existing });
        }
        case 'DescribeRepositoryCreationTemplates': {
          const prefixes = input.prefixes as string[] | undefined;
          let all = [...registry.templates.values()];
          if (prefixes !== undefined) {
            const missing = prefixes.find((p) => !registry.templates.has(p));
            if (missing !== undefined) {
              return error(
                'TemplateNotFoundException',
                `The repository creation template with prefix '${missing}' does not exist in the registry with id '${account}'`,
              );
            }
            all = all.filter((t) => prefixes.includes(String(t.prefix)));
          }
          // Pages as ECR's do: up to maxResults (default 100), then a nextToken.
          const size = typeof input.maxResults === 'number' ? input.maxResults : 100;
          const start = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
          const page = all.slice(start, start + size);
          return json({
            registryId: account,
            repositoryCreationTemplates: page,
            ...(start + size < all.length ? { nextToken: String(start + size) } : {}),
          });
        }
        case 'GetAccountSetting': {
          const name = String(input.name);
          const value = registry.settings.get(name) ?? ACCOUNT_SETTING_DEFAULTS[name];
          if (value === undefined) {
            return error('ValidationException', `Account setting name '${name}' is not supported`);
          }
          return json({ name, value });
        }
        case 'PutAccountSetting': {
          const name = String(input.name);
          const value = String(input.value);
          const allowed = ACCOUNT_SETTING_VALUES[name];
          if (allowed === undefined) {
            return error('ValidationException', `Account setting name '${name}' is not supported`);
          }
          if (!allowed.includes(value)) {
            return error(
              'InvalidParameterException',
              `Invalid value '${value}' for ${name}: must be one of ${allowed.join(', ')}`,
            );
          }
          registry.settings.set(name, value);
          return json({ name, value });
        }
        case 'CreatePullThroughCacheRule': {
          const prefix = String(input.ecrRepositoryPrefix);
          if (rulesOf(registry, account).some((r) => r.ecrRepositoryPrefix === prefix)) {
            return error(
              'PullThroughCacheRuleAlreadyExistsException',
              `A pull through cache rule with the prefix '${prefix}' already exists`,
            );
          }
          const rule: Json = {
            ecrRepositoryPrefix: prefix,
            upstreamRegistryUrl: input.upstreamRegistryUrl,
            createdAt: epochSeconds(now),
            registryId: account,
            ...(input.upstreamRegistry === undefined
              ? {}
              : { upstreamRegistry: input.upstreamRegistry }),
            ...(input.credentialArn === undefined ? {} : { credentialArn: input.credentialArn }),
            ...(input.customRoleArn === undefined ? {} : { customRoleArn: input.customRoleArn }),
            ...(input.upstreamRepositoryPrefix === undefined
              ? {}
              : { upstreamRepositoryPrefix: input.upstreamRepositoryPrefix }),
          };
          registry.rules.set(prefix, rule);
          return json(rule);
        }
        case 'DeletePullThroughCacheRule': {
          const prefix = String(input.ecrRepositoryPrefix);
          const rule = registry.rules.get(prefix);
          if (rule === undefined) {
            return error(
              'PullThroughCacheRuleNotFoundException',
              `The pull through cache rule with the prefix '${prefix}' does not exist`,
            );
          }
          registry.rules.delete(prefix);
          return json(rule);
        }
        case 'DescribePullThroughCacheRules': {
          const prefixes = input.ecrRepositoryPrefixes as string[] | undefined;
          const rules = rulesOf(registry, account).filter(
            (r) => prefixes === undefined || prefixes.includes(String(r.ecrRepositoryPrefix)),
          );
          return json({ pullThroughCacheRules: rules });
        }
      }
      return undefined;
    },
  };
}
