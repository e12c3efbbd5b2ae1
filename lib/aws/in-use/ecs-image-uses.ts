import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import { type ImageUse, parseEcrImageUri } from '#lib/lifecycle/index.ts';
import type { AccountRegion } from '../client-factory.ts';
import type { CallCounter } from './call-counter.ts';

/** `DescribeServices` takes 10 services, `DescribeTasks` 100 tasks. */
const SERVICES_PER_CALL = 10;
const TASKS_PER_CALL = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
 * const uses = await ecsImageUses(new ECSClient({ region }), { account, region }, count);
 * ```
 */
export async function ecsImageUses(
  client: ECSClient,
  target: AccountRegion,
  count: CallCounter,
): Promise<ImageUse[]> {
  const uses: ImageUse[] = [];
  const taskDefinitions = new Map<string, string[]>();
  for await (const page of paginateListClusters({ client, pageSize: 100 }, {})) {
    count('ecs:ListClusters');
    for (const cluster of page.clusterArns ?? []) {
      const serviceArns: string[] = [];
      for await (const services of paginateListServices({ client, pageSize: 100 }, { cluster })) {
        count('ecs:ListServices');
        serviceArns.push(...(services.serviceArns ?? []));
      }
      for (const batch of chunks(serviceArns, SERVICES_PER_CALL)) {
        count('ecs:DescribeServices');
        const out = await client.send(new DescribeServicesCommand({ cluster, services: batch }));
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
      const taskArns: string[] = [];
      for await (const tasks of paginateListTasks(
        { client, pageSize: 100 },
        { cluster, desiredStatus: 'RUNNING' },
      )) {
        count('ecs:ListTasks');
        taskArns.push(...(tasks.taskArns ?? []));
      }
      for (const batch of chunks(taskArns, TASKS_PER_CALL)) {
        count('ecs:DescribeTasks');
        const out = await client.send(new DescribeTasksCommand({ cluster, tasks: batch }));
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
  }
  for (const [definition, services] of taskDefinitions) {
    count('ecs:DescribeTaskDefinition');
    const out = await client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: definition }),
    );
    for (const container of out.taskDefinition?.containerDefinitions ?? []) {
      const image = ownImage(container.image, target);
      if (image === undefined) continue;
      for (const service of services) uses.push({ kind: 'ecs-service', name: service, image });
    }
  }
  return uses;
}
