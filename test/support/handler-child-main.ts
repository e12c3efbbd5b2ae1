/**
 * The child process of `invokeInChild`: imports one handler module (its cold start), reads the
 * event from stdin, invokes the handler once and writes the outcome as one JSON line on fd 3,
 * so that the handler's own log lines (stdout, stderr) stay apart. Run with `node --import tsx`.
 */
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '../../harness/lambda-context.ts';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const [modulePath, functionName = 'ecr-guard-child'] = process.argv.slice(2);
if (modulePath === undefined)
  throw new Error('usage: handler-child-main.ts MODULE [FUNCTION_NAME]');
const event: unknown = JSON.parse(await readStdin());
const { handler } = (await import(pathToFileURL(resolve(modulePath)).href)) as {
  handler: Handler;
};
let outcome: { result: unknown } | { error: { name: string; message: string } };
try {
  outcome = { result: await handler(event, lambdaContext(functionName)) };
} catch (error) {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  outcome = { error: { name, message } };
}
writeSync(3, `${JSON.stringify(outcome)}\n`);
process.exit(0);
