import type { ECSClient } from '@aws-sdk/client-ecs';
import type { AccountRegion } from '#lib/aws/client-factory.ts';
import { type ImageUse, parseEcrImageUri } from '#lib/lifecycle/index.ts';
import type { CallLog } from './call-log.ts';

/** `DescribeServices` takes 10 services, `DescribeTasks` 100 tasks. */
const SERVICES_PER_CALL = 10;
const TASKS_PER_CALL = 100;
const PAGE_SIZE = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every page of a listing, one call each. */
async function listAll(
  page: (nextToken: string | undefined) => Promise<{ arns?: string[]; nextToken?: string }>,
): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await page(nextToken);
    arns.push(...(out.arns ?? []));
    nextToken = out.nextToken;
  } while (nextToken !== undefined);
  return arns;
}

/** The image of a container, when it is an ECR image of this account and region. */
function ownImage(
  uri: string | undefined,
  target: AccountRegion,
  digest?: string,
): ImageUse['image'] | undefined {
  if (uri === undefined) return undefined;
  const reference = parseEcrImageUri(uri);
  if (reference === undefined) return undefined;
  if (reference.account !== target.account || reference.region !== target.region) return undefined;
  const { repositoryName, tag } = reference;
  const pinned = digest ?? reference.digest;
  return {
    repositoryName,
    ...(tag === undefined ? {} : { tag }),
    ...(pinned === undefined ? {} : { digest: pinned }),
  };
}

/**
 * The ECR images ECS needs in one account and region: every container image of the task
 * definitions of every service (each deployment's, so a rollback target counts, and a
 * service scaled to zero too: scaling up needs the image), and of every running or pending
 * task, with the digest the task pulled.
 *
 * Calls: `ListClusters`; per cluster `ListServices` and `ListTasks` (pages of 100),
 * `DescribeServices` per 10 services, `DescribeTasks` per 100 tasks; one
 * `DescribeTaskDefinition` per distinct task definition.
 *
 * @example
 * ```ts
 * const uses = await ecsImageUses(context.client(ECSClient), { account, region }, log);
 * ```
 */
export async function ecsImageUses(
  client: Pick<ECSClient, 'send'>,
  target: AccountRegion,
  log: CallLog,
): Promise<ImageUse[]> {
  // Loaded on first use: a static import would load the ECS client at every cold start.
  const {
    DescribeServicesCommand,
    DescribeTaskDefinitionCommand,
    DescribeTasksCommand,
    ListClustersCommand,
    ListServicesCommand,
    ListTasksCommand,
  } = await import('@aws-sdk/client-ecs');
  const uses: ImageUse[] = [];
  const taskDefinitions = new Map<string, string[]>();
  const clusters = await listAll(async (nextToken) => {
    const out = await log.call('ecs:ListClusters', () =>
      client.send(new ListClustersCommand({ maxResults: PAGE_SIZE, nextToken })),
    );
    return { arns: out.clusterArns, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
  });
  for (const cluster of clusters) {
    const serviceArns = await listAll(async (nextToken) => {
      const out = await log.call('ecs:ListServices', () =>
        client.send(new ListServicesCommand({ cluster, maxResults: PAGE_SIZE, nextToken })),
      );
      return { arns: out.serviceArns, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    });
    for (const batch of chunks(serviceArns, SERVICES_PER_CALL)) {
      const out = await log.call('ecs:DescribeServices', () =>
        client.send(new DescribeServicesCommand({ cluster, services: batch })),
      );
      for (const service of out.services ?? []) {
        if (service.status === 'INACTIVE') continue;
        const name = service.serviceArn ?? service.serviceName ?? 'service';
        const definitions = new Set<string>();
        if (service.taskDefinition) definitions.add(service.taskDefinition);
        for (const deployment of service.deployments ?? []) {
          if (deployment.taskDefinition) definitions.add(deployment.taskDefinition);
        }
        for (const definition of definitions) {
          const users = taskDefinitions.get(definition) ?? [];
          users.push(name);
          taskDefinitions.set(definition, users);
        }
      }
    }
    const taskArns = await listAll(async (nextToken) => {
      const out = await log.call('ecs:ListTasks', () =>
        client.send(
          new ListTasksCommand({
            cluster,
            desiredStatus: 'RUNNING',
            maxResults: PAGE_SIZE,
            nextToken,
          }),
        ),
      );
      return { arns: out.taskArns, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    });
    for (const batch of chunks(taskArns, TASKS_PER_CALL)) {
      const out = await log.call('ecs:DescribeTasks', () =>
        client.send(new DescribeTasksCommand({ cluster, tasks: batch })),
      );
      for (const task of out.tasks ?? []) {
        const name = task.group
          ? `${task.taskArn ?? 'task'} (${task.group})`
          : (task.taskArn ?? 'task');
        for (const container of task.containers ?? []) {
          const image = ownImage(container.image, target, container.imageDigest);
          if (image !== undefined) uses.push({ kind: 'ecs-task', name, image });
        }
      }
    }
  }
  for (const [definition, services] of taskDefinitions) {
    const out = await log.call('ecs:DescribeTaskDefinition', () =>
      client.send(new DescribeTaskDefinitionCommand({ taskDefinition: definition })),
    );
    for (const container of out.taskDefinition?.containerDefinitions ?? []) {
      const image = ownImage(container.image, target);
      if (image === undefined) continue;
      for (const service of services) uses.push({ kind: 'ecs-service', name: service, image });
    }
  }
  return uses;
}
