/**
 * A loopback HTTP proxy in front of the emulator that records every AWS call by service
 * and operation, and can add latency or answer with a fault instead of forwarding. Tests
 * count calls with it without touching the code under test (the Lambda handler builds its
 * own clients); the benchmarks use the latency to behave like a real AWS region.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEcrStandIns } from './ecr-stand-ins.ts';

/** One AWS request as seen on the wire. */
export interface RecordedCall {
  /** Signing name from the SigV4 credential scope: `ecr`, `sts`, `sns`, … */
  service: string;
  /** Operation name: `DescribeRepositories`, `AssumeRole`, … */
  operation: string;
  /** The access key that signed it (moto maps assumed-role keys to their account). */
  accessKeyId: string;
  /** The region of its SigV4 scope. */
  region?: string;
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
   * moto (5.2) implements neither ECR pull-through cache rules, repository creation templates
   * nor account settings: the proxy answers them itself, with state per account and region
   * (`ecr-stand-ins.ts`), after `fault` had its say. Every registry also has pull-through cache
   * rules of these `ecrRepositoryPrefix`es (default none). The calls are recorded like any other.
   */
  pullThroughCachePrefixes?: readonly string[];
  /**
   * A lost answer: the call is forwarded and the emulator acts on it, then the connection is
   * dropped instead of answering, so the caller cannot tell whether the call took effect.
   */
  loseAnswer?: (call: RecordedCall) => boolean;
}

/**
 * The account moto files an access key's calls under: its own answer to STS
 * `GetCallerIdentity` signed with that key (moto checks no signature).
 */
async function accountOfKey(target: URL, accessKeyId: string, region: string): Promise<string> {
  const response = await fetch(new URL('/', target), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/${region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  const account = /<Account>(\d{12})<\/Account>/.exec(await response.text())?.[1];
  if (account === undefined) throw new Error(`moto told no account for access key ${accessKeyId}`);
  return account;
}

export interface AwsProxy {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  /** `service:Operation` of every recorded call, in order. */
  operations(filter?: { service?: string }): string[];
  clear(): void;
  /**
   * Forgets the stand-ins' state (templates, account settings, pull-through cache rules), as
   * resetting the emulator forgets moto's; a `/moto-api/reset` through the proxy does both.
   */
  resetStandIns(): void;
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
  const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1];
  return {
    service: scope?.[2] ?? 'unknown',
    operation: operation ?? `${req.method} ${(req.url ?? '/').split('?')[0]}`,
    accessKeyId: scope?.[1] ?? '',
    ...(region === undefined ? {} : { region }),
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
  const standIns = createEcrStandIns({
    pullThroughCachePrefixes: options.pullThroughCachePrefixes ?? [],
  });
  const accounts = new Map<string, Promise<string>>();
  const standIn = async (call: RecordedCall, body: string): Promise<FaultResponse | undefined> => {
    if (call.service !== 'ecr' || call.region === undefined) return undefined;
    let account = accounts.get(call.accessKeyId);
    if (account === undefined) {
      account = accountOfKey(target, call.accessKeyId, call.region);
      accounts.set(call.accessKeyId, account);
      account.catch(() => accounts.delete(call.accessKeyId));
    }
    return standIns.answer(call.operation, { account: await account, region: call.region }, body);
  };
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const call = describeCall(req, body.toString('utf8'));
      if (!(req.url ?? '').startsWith('/moto-api')) calls.push(call);
      if ((req.url ?? '').startsWith('/moto-api/reset')) standIns.reset();
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const fault =
        (await options.fault?.(call, { body: body.toString('utf8') })) ??
        (await standIn(call, body.toString('utf8')));
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
    resetStandIns() {
      standIns.reset();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
