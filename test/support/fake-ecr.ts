import type { RemediationWriter, RepositoryDescription, RepositoryReader } from '#lib/aws/index.ts';
import { RepositoryNotFoundError } from '#lib/aws/index.ts';
import type { RegistryScanning, Remediation, RepositoryState } from '#lib/controls/index.ts';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';

/**
 * An in-memory ECR repository behind the reader and writer interfaces, recording every
 * call: for unit tests of the enforcement use case.
 */
export class FakeEcr implements RepositoryReader, RemediationWriter {
  readonly calls: string[] = [];
  readonly writes: Remediation[] = [];
  state: RepositoryState | undefined;
  tags: Record<string, string>;
  /** The registry's pull-through cache rule prefixes, or the error reading them fails with. */
  pullThroughCache: string[] | Error = [];
  /** The repository's images (none by default). */
  images: LifecycleImage[] = [];

  constructor(state: RepositoryState | undefined, tags: Record<string, string> = {}) {
    this.state = state;
    this.tags = tags;
  }

  async describeRepository(name: string): Promise<RepositoryDescription | undefined> {
    this.calls.push('DescribeRepositories');
    const s = this.state;
    if (s === undefined || s.repositoryName !== name) return undefined;
    const { repositoryName, repositoryArn, imageTagMutability, exclusionFilters, scanOnPush } = s;
    return { repositoryName, repositoryArn, imageTagMutability, exclusionFilters, scanOnPush };
  }

  async getLifecyclePolicyText(name: string): Promise<string | undefined> {
    this.calls.push('GetLifecyclePolicy');
    if (this.state === undefined) throw new RepositoryNotFoundError(name, 'ecr:GetLifecyclePolicy');
    return this.state.lifecyclePolicyText;
  }

  async listTags(): Promise<Record<string, string>> {
    this.calls.push('ListTagsForResource');
    return this.tags;
  }

  async getRegistryScanning(): Promise<RegistryScanning> {
    this.calls.push('GetRegistryScanningConfiguration');
    return this.state?.registryScanning ?? { scanType: 'BASIC', rules: [] };
  }

  async getPullThroughCachePrefixes(): Promise<string[]> {
    this.calls.push('DescribePullThroughCacheRules');
    if (this.pullThroughCache instanceof Error) throw this.pullThroughCache;
    return this.pullThroughCache;
  }

  async listImages(): Promise<LifecycleImage[]> {
    this.calls.push('DescribeImages');
    return this.images;
  }

  async apply(remediation: Remediation): Promise<void> {
    this.calls.push(remediation.action.replace('ecr:', ''));
    const s = this.state;
    if (s === undefined || !('repositoryName' in remediation)) {
      throw new RepositoryNotFoundError('gone', remediation.action);
    }
    this.writes.push(remediation);
    if (remediation.action === 'ecr:PutImageTagMutability') {
      s.imageTagMutability = remediation.imageTagMutability;
      s.exclusionFilters = remediation.exclusionFilters;
    } else if (remediation.action === 'ecr:PutLifecyclePolicy') {
      s.lifecyclePolicyText = remediation.lifecyclePolicyText;
    } else if (remediation.action === 'ecr:PutImageScanningConfiguration') {
      s.scanOnPush = remediation.scanOnPush;
    }
  }
}
