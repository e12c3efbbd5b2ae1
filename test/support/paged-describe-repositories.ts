/**
 * moto (5.x) answers `ecr:DescribeRepositories` with every repository at once: it implements
 * neither `maxResults` nor `nextToken`. For tests of a sweep that pages, the loopback proxy's
 * `fault` hook answers the call itself as ECR does (Amazon ECR API Reference,
 * DescribeRepositories: at most `maxResults` repositories, 1–1,000, default 100, and a
 * `nextToken` when more remain), paging what moto holds for the caller's account.
 */
import type { FaultResponse, RecordedCall } from '../../harness/aws-proxy.ts';

/** The token this harness gives for the page starting at `offset` (opaque to the sweep). */
function tokenOf(offset: number): string {
  return Buffer.from(`page:${offset}`).toString('base64');
}

function offsetOf(token: string): number | undefined {
  const match = /^page:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * A `fault` hook that pages DescribeRepositories over the emulator's answer; every other call
 * (and a DescribeRepositories of named repositories) is left to the emulator.
 *
 * @example
 * ```ts
 * const proxy = await startAwsProxy({ target: endpoint, fault: pagedDescribeRepositories(endpoint) });
 * ```
 */
export function pagedDescribeRepositories(
  emulatorEndpoint: string,
): (call: RecordedCall, request: { body: string }) => Promise<FaultResponse | undefined> {
  return async (call, request) => {
    if (call.service !== 'ecr' || call.operation !== 'DescribeRepositories') return undefined;
    const input = JSON.parse(request.body || '{}') as {
      repositoryNames?: string[];
      maxResults?: number;
      nextToken?: string;
      registryId?: string;
    };
    if (input.repositoryNames !== undefined) return undefined;
    const max = input.maxResults ?? 100;
    const offset = input.nextToken === undefined ? 0 : offsetOf(input.nextToken);
    if (offset === undefined || max < 1 || max > 1000) {
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({
          __type: 'InvalidParameterException',
          message: 'Invalid parameter at nextToken or maxResults',
        }),
      };
    }
    // The emulator picks the account from the access key of the credential scope.
    const all = await fetch(emulatorEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
        authorization: `AWS4-HMAC-SHA256 Credential=${call.accessKeyId}/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify(input.registryId === undefined ? {} : { registryId: input.registryId }),
    });
    const { repositories = [] } = (await all.json()) as {
      repositories?: Array<{ repositoryName: string }>;
    };
    const sorted = [...repositories].sort((a, b) =>
      a.repositoryName.localeCompare(b.repositoryName),
    );
    const page = sorted.slice(offset, offset + max);
    const next = offset + max < sorted.length ? { nextToken: tokenOf(offset + max) } : {};
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ repositories: page, ...next }),
    };
  };
}
