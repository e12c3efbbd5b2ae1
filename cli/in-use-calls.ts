import type { AccountRegion } from '#lib/aws/index.ts';
import {
  type GatewayPool,
  IN_USE_FACTS,
  inUseCalls,
  type SourceUses,
} from '#lib/controls/index.ts';

/**
 * The line that quotes what learning what runs cost in one account and region, or nothing
 * when it was not read there.
 *
 * @example
 * ```ts
 * inUseCallsLine(target, { 'ecs:ListClusters': 1, 'lambda:ListFunctions': 1 });
 * // 'images in use read in 123456789012/us-east-1: 2 calls (ecs:ListClusters 1, lambda:ListFunctions 1)\n'
 * ```
 */
export function inUseCallsLine(target: AccountRegion, calls: Record<string, number>): string {
  const entries = Object.entries(calls);
  if (entries.length === 0) return '';
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `images in use read in ${target.account}/${target.region}: ${total} calls (${entries.map(([a, n]) => `${a} ${n}`).join(', ')})\n`;
}

/**
 * What the lifecycle control's guard read of what runs in each target during this run (the
 * ECS, Lambda and Inspector calls), as the gateways still hold it: no call is made here.
 *
 * @example
 * ```ts
 * for (const line of await inUseCallLines(plan.targets, gateways)) io.stderr(line);
 * ```
 */
export async function inUseCallLines(
  targets: readonly AccountRegion[],
  gateways: GatewayPool,
): Promise<string[]> {
  const lines: string[] = [];
  for (const target of targets) {
    const gateway = gateways.ecrGateway(target);
    const read = await Promise.all(
      Object.values(IN_USE_FACTS).map((fact) =>
        (gateway.peekRegistryFact(fact) ?? Promise.resolve(undefined)).catch(() => undefined),
      ),
    );
    const values = read.filter((v): v is SourceUses => v !== undefined);
    const line = inUseCallsLine(target, inUseCalls(values));
    if (line !== '') lines.push(line);
  }
  return lines;
}
