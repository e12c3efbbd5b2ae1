/**
 * A loopback HTTP proxy in front of the emulator that records every AWS call by service
 * and operation, and can add latency or answer with a fault instead of forwarding. Tests
 * count calls with it without touching the code under test (the Lambda handler builds its
 * own clients); the benchmarks use the latency to behave like a real AWS region.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AWS request as seen on the wire. */
export interface RecordedCall {
  /** Signing name from the SigV4 credential scope: `ecr`, `sts`, `sns`, … */
  service: string;
  /** Operation name: `DescribeRepositories`, `AssumeRole`, … */
  operation: string;
  /** The access key that signed it (moto maps assumed-role keys to their account). */
  accessKeyId: string;
  /** The SDK's attempt number (`amz-sdk-request: attempt=2; max=6`): > 1 is a retry. */
  attempt?: number;
  /** The SDK's `amz-sdk-invocation-id`: one per command, the same on each of its retries. */
  invocationId?: string;
}

/** A canned answer in place of forwarding (throttling, 5xx, …). */
export interface FaultResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface AwsProxyOptions {
  /** Where to forward, e.g. the emulator's endpoint. */
  target: string;
  /** Added before each forwarded request, in ms (a regional AWS round trip is ~25 ms). */
  delayMs?: number;
  /**
   * Return a fault to answer a call with it instead of forwarding. `request.body` is the raw
   * request body, e.g. to answer `sts:AssumeRole` for one role ARN only. A promise holds the
   * call until it settles: act on the emulator first (a concurrent writer), or delay it.
   */
  fault?: (
    call: RecordedCall,
    request: { body: string },
  ) => FaultResponse | undefined | Promise<FaultResponse | undefined>;
  /**
   * moto (5.2) does not implement ECR pull-through cache rules: the proxy answers
   * `ecr:DescribePullThroughCacheRules` itself with rules of these `ecrRepositoryPrefix`es
   * (default none), after `fault` had its say. The call is recorded like any other.
   */
  pullThroughCachePrefixes?: readonly string[];
  /**
   * A lost answer: the call is forwarded and the emulator acts on it, then the connection is
   * dropped instead of answering, so the caller cannot tell whether the call took effect.
   */
  loseAnswer?: (call: RecordedCall) => boolean;
}

/** The answer ECR gives to `DescribePullThroughCacheRules`, for the given prefixes. */
function pullThroughCacheRules(prefixes: readonly string[]): FaultResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({
      pullThroughCacheRules: prefixes.map((ecrRepositoryPrefix) => ({
        ecrRepositoryPrefix,
        upstreamRegistryUrl: 'registry-1.docker.io',
        upstreamRegistry: 'docker-hub',
        createdAt: 1_700_000_000,
      })),
    }),
  };
}

export interface AwsProxy {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  /** `service:Operation` of every recorded call, in order. */
  operations(filter?: { service?: string }): string[];
  clear(): void;
  close(): Promise<void>;
}

const WRITE_PREFIXES = [
  'Put',
  'Create',
  'Delete',
  'Update',
  'Set',
  'Tag',
  'Untag',
  'Start',
  'Batch',
];

/** Whether an operation (`PutLifecyclePolicy` or `ecr:PutLifecyclePolicy`) changes state. */
export function isWriteOperation(name: string): boolean {
  const operation = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  return WRITE_PREFIXES.some((p) => operation.startsWith(p)) && !operation.startsWith('BatchGet');
}

function describeCall(req: IncomingMessage, body: string): RecordedCall {
  const auth = req.headers.authorization ?? '';
  const scope = /Credential=([^/]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth);
  const target = req.headers['x-amz-target'];
  let operation: string | undefined;
  if (typeof target === 'string') operation = target.split('.').pop();
  if (operation === undefined) {
    operation = new URLSearchParams(body).get('Action') ?? undefined;
  }
  const attempt = /attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''));
  const invocationId = req.headers['amz-sdk-invocation-id'];
  return {
    service: scope?.[2] ?? 'unknown',
    operation: operation ?? `${req.method} ${(req.url ?? '/').split('?')[0]}`,
    accessKeyId: scope?.[1] ?? '',
    ...(attempt?.[1] === undefined ? {} : { attempt: Number(attempt[1]) }),
    ...(typeof invocationId === 'string' ? { invocationId } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the proxy on 127.0.0.1 (a free port).
 *
 * @example
 * ```ts
 * const proxy = await startAwsProxy({ target: inject('awsEndpoint') });
 * process.env.AWS_ENDPOINT_URL = proxy.endpoint;
 * // … run the code under test …
 * expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
 * ```
 */
export async function startAwsProxy(options: AwsProxyOptions): Promise<AwsProxy> {
  const target = new URL(options.target);
  const calls: RecordedCall[] = [];
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const call = describeCall(req, body.toString('utf8'));
      if (!(req.url ?? '').startsWith('/moto-api')) calls.push(call);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const fault =
        (await options.fault?.(call, { body: body.toString('utf8') })) ??
        (call.service === 'ecr' && call.operation === 'DescribePullThroughCacheRules'
          ? pullThroughCacheRules(options.pullThroughCachePrefixes ?? [])
          : undefined);
      if (fault !== undefined) {
        res.writeHead(fault.status, fault.headers ?? { 'content-type': 'application/json' });
        res.end(fault.body);
        return;
      }
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          if (options.loseAnswer?.(call) === true) {
            answer.resume();
            answer.once('end', () => res.socket?.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(body);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    operations(filter = {}) {
      return calls
        .filter((c) => filter.service === undefined || c.service === filter.service)
        .map((c) => `${c.service}:${c.operation}`);
    },
    clear() {
      calls.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
