/**
 * The HTTP side of the in-process AWS model: what a signed SDK request says (service,
 * operation, caller, attempt) and how AWS answers, in each protocol's own form: JSON for ECR,
 * Organizations and SQS (`x-amz-target`), XML for the query protocol of STS.
 */
import type { HttpRequest, HttpResponse } from '@smithy/types';

/** What the model needs to know of one request. */
export interface AwsCall {
  /** SigV4 signing name: `ecr`, `sts`, `sqs`, `organizations`. */
  service: string;
  /** Region of the credential scope. */
  region: string;
  /** The access key that signed it: the model knows whose account it is. */
  accessKeyId: string;
  operation: string;
  /** The SDK's attempt number (`amz-sdk-request: attempt=2; max=6`). */
  attempt: number;
  /** JSON input (JSON protocols) or the form fields (query protocol). */
  input: Record<string, unknown>;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (value !== undefined) return value;
  const wanted = name.toLowerCase();
  for (const [key, v] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return v;
  }
  return undefined;
}

function bodyText(request: HttpRequest): string {
  const body: unknown = request.body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  throw new Error('the AWS model accepts string or byte bodies only');
}

/**
 * Reads a signed SDK request.
 *
 * @throws {Error} for a request that is not signed with SigV4 or names no operation.
 */
export function parseCall(request: HttpRequest): AwsCall {
  const authorization = header(request, 'authorization') ?? '';
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  if (scope === null) throw new Error('the AWS model received an unsigned request');
  const [, accessKeyId = '', region = '', service = ''] = scope;
  const attempt = Number(/attempt=(\d+)/.exec(header(request, 'amz-sdk-request') ?? '')?.[1] ?? 1);
  const text = bodyText(request);
  const target = header(request, 'x-amz-target');
  if (target !== undefined) {
    const operation = target.slice(target.lastIndexOf('.') + 1);
    const input = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    return { service, region, accessKeyId, operation, attempt, input };
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  const operation = form.Action;
  if (operation === undefined)
    throw new Error(`the AWS model cannot tell the ${service} operation`);
  return { service, region, accessKeyId, operation, attempt, input: form };
}

let requestSeq = 0;

function requestId(): string {
  requestSeq += 1;
  const hex = requestSeq.toString(16).padStart(12, '0');
  return `5c2f0d1e-7a4b-4c3d-9e8f-${hex}`;
}

/**
 * The JSON protocol's content type per service (awsJson1_1 for ECR and Organizations, 1_0 for
 * SQS and DynamoDB).
 */
function jsonContentType(service: string): string {
  return service === 'sqs' || service === 'dynamodb'
    ? 'application/x-amz-json-1.0'
    : 'application/x-amz-json-1.1';
}

/** A successful JSON-protocol answer. */
export function jsonResponse(service: string, output: unknown): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': jsonContentType(service), 'x-amzn-requestid': requestId() },
    body: encoder.encode(JSON.stringify(output)),
  } as HttpResponse;
}

/**
 * A JSON-protocol error as AWS sends it: `x-amzn-errortype` and a `__type` body, e.g. ECR's
 * `LifecyclePolicyNotFoundException` (400, as the real recording in test/fixtures shows).
 */
export function jsonError(
  service: string,
  status: number,
  code: string,
  message: string,
): HttpResponse {
  return {
    statusCode: status,
    headers: {
      'content-type': jsonContentType(service),
      'x-amzn-requestid': requestId(),
      'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.ecr/`,
    },
    body: encoder.encode(JSON.stringify({ __type: code, message })),
  } as HttpResponse;
}

/** A throttling answer in the call's protocol, as AWS gives it. */
export function throttled(call: AwsCall, variant: number): HttpResponse {
  if (call.service === 'sts') {
    // STS (query protocol) answers HTTP 400 `Throttling`, "Rate exceeded", as recorded from
    // AssumeRole in jlevers/selling-partner-api#278.
    return xmlResponse(
      400,
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
  <RequestId>${requestId()}</RequestId>
</ErrorResponse>`,
    );
  }
  // ECR answers HTTP 400 `ThrottlingException` or HTTP 429 `ThrottleException` (the shapes of
  // test/support/aws-faults.ts): alternate, so that the SDK's detection of both is exercised.
  const name = variant % 2 === 0 ? 'ThrottlingException' : 'ThrottleException';
  return {
    statusCode: name === 'ThrottlingException' ? 400 : 429,
    headers: {
      'content-type': jsonContentType(call.service),
      'x-amzn-requestid': requestId(),
      'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.coral.availability/`,
    },
    body: encoder.encode(
      JSON.stringify({ __type: `com.amazon.coral.availability#${name}`, message: 'Rate exceeded' }),
    ),
  } as HttpResponse;
}

/** A query-protocol (XML) answer. */
export function xmlResponse(status: number, xml: string): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() },
    body: encoder.encode(xml),
  } as HttpResponse;
}
