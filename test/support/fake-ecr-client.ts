import {
  LifecyclePolicyNotFoundException,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
  TemplateAlreadyExistsException,
  TemplateNotFoundException,
} from '@aws-sdk/client-ecr';
import type { RegistryScanning, Remediation } from '#lib/controls/index.ts';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';

/** One repository of a {@link FakeEcrClient}. */
export interface FakeRepository {
  imageTagMutability: string;
  exclusionFilters: string[];
  scanOnPush: boolean;
  lifecyclePolicyText: string | undefined;
  tags: Record<string, string>;
  /** The repository policy (`undefined`: none). */
  policyText?: string | undefined;
  /** `AES256` unless said. */
  encryptionType?: string;
  kmsKey?: string;
  /** Its images (none unless given), as `DescribeImages` describes them. */
  images?: LifecycleImage[];
}

/** A repository creation template as ECR answers it (`RepositoryCreationTemplate`). */
export type FakeTemplate = Record<string, unknown> & { prefix: string };

interface Command {
  constructor: { name: string };
  input: Record<string, unknown>;
}

/** ECR's throttling answer, as the SDK throws it once its retries are spent. */
export function throttlingException(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

function notFound(name: string): RepositoryNotFoundException {
  return new RepositoryNotFoundException({
    message: `The repository with name '${name}' does not exist in the registry`,
    $metadata: { httpStatusCode: 400 },
  });
}

/**
 * An in-memory ECR registry (one account and region) behind the SDK client's `send`: the real
 * gateway, facts and remediations run against it. It records each call (`DescribeRepositories`,
 * `PutLifecyclePolicy`, …), the writes as the remediations they carry, and the largest number
 * of calls in flight at once; `delayMs` makes each call take time, so concurrency shows.
 */
export class FakeEcrClient {
  readonly calls: string[] = [];
  readonly writes: Remediation[] = [];
  readonly repositories: Map<string, FakeRepository>;
  registryScanning: RegistryScanning = { scanType: 'BASIC', rules: [] };
  /** The registry's pull-through cache rule prefixes, or the error reading them fails with. */
  pullThroughCache: string[] | Error = [];
  /** The registry's repository creation templates. */
  templates: FakeTemplate[] = [];
  /** `BASIC_SCAN_TYPE_VERSION`. */
  basicScanTypeVersion = 'AWS_NATIVE';
  /** Thrown by `DescribeRepositories` listings (e.g. the member role cannot be assumed). */
  listError: Error | undefined;
  /** Repository names whose lifecycle policy read fails. */
  readonly failing = new Set<string>();
  /** Repository names whose lifecycle policy read ECR throttles (past the SDK's retries). */
  readonly throttled = new Set<string>();
  /** Repository names whose lifecycle policy read ECR refuses (AccessDeniedException, 400). */
  readonly denied = new Set<string>();
  /** Thrown by `DescribeImages` (e.g. a member role without ecr:DescribeImages). */
  describeImagesError: Error | undefined;
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    readonly account: string,
    readonly region: string,
    repositories: Record<string, FakeRepository>,
    readonly delayMs = 0,
  ) {
    this.repositories = new Map(Object.entries(repositories));
  }

  async send(command: Command): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, '');
    this.calls.push(name);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return this.#answer(name, command.input);
    } finally {
      this.inFlight -= 1;
    }
  }

  #arn(name: string): string {
    return `arn:aws:ecr:${this.region}:${this.account}:repository/${name}`;
  }

  #describe(name: string, r: FakeRepository): Record<string, unknown> {
    return {
      repositoryName: name,
      repositoryArn: this.#arn(name),
      registryId: this.account,
      imageTagMutability: r.imageTagMutability,
      imageTagMutabilityExclusionFilters: r.exclusionFilters.map((filter) => ({
        filter,
        filterType: 'WILDCARD',
      })),
      imageScanningConfiguration: { scanOnPush: r.scanOnPush },
      encryptionConfiguration: {
        encryptionType: r.encryptionType ?? 'AES256',
        ...(r.kmsKey === undefined ? {} : { kmsKey: r.kmsKey }),
      },
    };
  }

  #repository(name: unknown): FakeRepository {
    const repository = this.repositories.get(String(name));
    if (repository === undefined) throw notFound(String(name));
    return repository;
  }

  #answer(name: string, input: Record<string, unknown>): unknown {
    switch (name) {
      case 'DescribeRepositories': {
        const names = input.repositoryNames as string[] | undefined;
        if (names === undefined) {
          // Pages in name order; a page token is `page@<offset>`.
          const token = input.nextToken as string | undefined;
          if (this.listError !== undefined) throw this.listError;
          const all = [...this.repositories];
          const size = Number(input.maxResults ?? 100);
          const from = token === undefined ? 0 : Number(token.slice('page@'.length));
          const next = from + size < all.length ? `page@${from + size}` : undefined;
          return {
            repositories: all.slice(from, from + size).map(([n, r]) => this.#describe(n, r)),
            ...(next === undefined ? {} : { nextToken: next }),
          };
        }
        return { repositories: names.map((n) => this.#describe(n, this.#repository(n))) };
      }
      case 'GetLifecyclePolicy': {
        const repositoryName = String(input.repositoryName);
        if (this.failing.has(repositoryName)) {
          throw new Error(`GetLifecyclePolicy failed for ${repositoryName}`);
        }
        if (this.throttled.has(repositoryName)) throw throttlingException();
        if (this.denied.has(repositoryName)) {
          throw Object.assign(
            new Error('User is not authorized to perform ecr:GetLifecyclePolicy'),
            {
              name: 'AccessDeniedException',
              $fault: 'client',
              $metadata: { httpStatusCode: 400 },
            },
          );
        }
        const text = this.#repository(repositoryName).lifecyclePolicyText;
        if (text === undefined) {
          throw new LifecyclePolicyNotFoundException({
            message: 'Lifecycle policy does not exist',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return { repositoryName, lifecyclePolicyText: text };
      }
      case 'ListTagsForResource': {
        const repositoryName = String(input.resourceArn).split(':repository/')[1] ?? '';
        const tags = this.#repository(repositoryName).tags;
        return { tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
      }
      case 'DescribeImages': {
        if (this.describeImagesError !== undefined) throw this.describeImagesError;
        const images = this.#repository(input.repositoryName).images ?? [];
        return {
          imageDetails: images.map((image) => ({
            registryId: this.account,
            repositoryName: String(input.repositoryName),
            imageDigest: image.imageDigest,
            ...(image.imageTags.length > 0 ? { imageTags: image.imageTags } : {}),
            imagePushedAt: image.imagePushedAt,
            imageSizeInBytes: image.sizeBytes,
            imageStatus: image.imageStatus,
            ...(image.lastRecordedPullTime === undefined
              ? {}
              : { lastRecordedPullTime: image.lastRecordedPullTime }),
            ...(image.lastArchivedAt === undefined ? {} : { lastArchivedAt: image.lastArchivedAt }),
          })),
        };
      }
      case 'GetRegistryScanningConfiguration':
        return {
          registryId: this.account,
          scanningConfiguration: {
            scanType: this.registryScanning.scanType,
            rules: this.registryScanning.rules.map((rule) => ({
              scanFrequency: rule.scanFrequency,
              repositoryFilters: rule.repositoryFilters.map((filter) => ({
                filter,
                filterType: 'WILDCARD',
              })),
            })),
          },
        };
      case 'DescribePullThroughCacheRules':
        if (this.pullThroughCache instanceof Error) throw this.pullThroughCache;
        return {
          pullThroughCacheRules: this.pullThroughCache.map((ecrRepositoryPrefix) => ({
            ecrRepositoryPrefix,
          })),
        };
      case 'PutImageTagMutability': {
        const r = this.#repository(input.repositoryName);
        const filters = (input.imageTagMutabilityExclusionFilters ?? []) as { filter: string }[];
        r.imageTagMutability = String(input.imageTagMutability);
        r.exclusionFilters = filters.map((f) => f.filter);
        this.writes.push({
          action: 'ecr:PutImageTagMutability',
          repositoryName: String(input.repositoryName),
          imageTagMutability: r.imageTagMutability as 'IMMUTABLE',
          exclusionFilters: r.exclusionFilters,
        });
        return {};
      }
      case 'PutLifecyclePolicy': {
        const r = this.#repository(input.repositoryName);
        r.lifecyclePolicyText = String(input.lifecyclePolicyText);
        this.writes.push({
          action: 'ecr:PutLifecyclePolicy',
          repositoryName: String(input.repositoryName),
          lifecyclePolicyText: r.lifecyclePolicyText,
        });
        return {};
      }
      case 'PutImageScanningConfiguration': {
        const r = this.#repository(input.repositoryName);
        r.scanOnPush = (input.imageScanningConfiguration as { scanOnPush: boolean }).scanOnPush;
        this.writes.push({
          action: 'ecr:PutImageScanningConfiguration',
          repositoryName: String(input.repositoryName),
          scanOnPush: true,
        });
        return {};
      }
      case 'PutRegistryScanningConfiguration': {
        const rules = (input.rules ?? []) as {
          scanFrequency: 'SCAN_ON_PUSH';
          repositoryFilters: { filter: string }[];
        }[];
        this.registryScanning = {
          scanType: input.scanType === 'ENHANCED' ? 'ENHANCED' : 'BASIC',
          rules: rules.map((rule) => ({
            scanFrequency: rule.scanFrequency,
            repositoryFilters: rule.repositoryFilters.map((f) => f.filter),
          })),
        };
        this.writes.push({
          action: 'ecr:PutRegistryScanningConfiguration',
          scanning: structuredClone(this.registryScanning),
        });
        return {};
      }
      case 'GetRepositoryPolicy': {
        const repositoryName = String(input.repositoryName);
        const policyText = this.#repository(repositoryName).policyText;
        if (policyText === undefined) {
          throw new RepositoryPolicyNotFoundException({
            message: 'Repository policy does not exist',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return { registryId: this.account, repositoryName, policyText };
      }
      case 'SetRepositoryPolicy': {
        const r = this.#repository(input.repositoryName);
        r.policyText = String(input.policyText);
        this.writes.push({
          action: 'ecr:SetRepositoryPolicy',
          repositoryName: String(input.repositoryName),
          policyText: r.policyText,
        });
        return {};
      }
      case 'DeleteRepositoryPolicy': {
        const r = this.#repository(input.repositoryName);
        r.policyText = undefined;
        this.writes.push({
          action: 'ecr:DeleteRepositoryPolicy',
          repositoryName: String(input.repositoryName),
        });
        return {};
      }
      case 'DescribeRepositoryCreationTemplates':
        return { registryId: this.account, repositoryCreationTemplates: this.templates };
      case 'CreateRepositoryCreationTemplate': {
        const prefix = String(input.prefix);
        if (this.templates.some((t) => t.prefix === prefix)) {
          throw new TemplateAlreadyExistsException({
            message: `template ${prefix} exists`,
            $metadata: { httpStatusCode: 400 },
          });
        }
        this.templates.push({ ...input, prefix });
        this.writes.push({ action: 'ecr:CreateRepositoryCreationTemplate', ...input } as never);
        return { registryId: this.account, repositoryCreationTemplate: { ...input } };
      }
      case 'UpdateRepositoryCreationTemplate': {
        const template = this.templates.find((t) => t.prefix === input.prefix);
        if (template === undefined) {
          throw new TemplateNotFoundException({
            message: `no template ${String(input.prefix)}`,
            $metadata: { httpStatusCode: 400 },
          });
        }
        Object.assign(template, input);
        this.writes.push({ action: 'ecr:UpdateRepositoryCreationTemplate', ...input } as never);
        return { registryId: this.account, repositoryCreationTemplate: { ...template } };
      }
      case 'GetAccountSetting':
        return { name: input.name, value: this.basicScanTypeVersion };
      case 'PutAccountSetting':
        this.basicScanTypeVersion = String(input.value);
        this.writes.push({
          action: 'ecr:PutAccountSetting',
          name: 'BASIC_SCAN_TYPE_VERSION',
          value: 'AWS_NATIVE',
        });
        return { name: input.name, value: input.value };
      default:
        throw new Error(`the fake ECR does not answer ${name}`);
    }
  }
}
