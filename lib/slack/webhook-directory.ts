/**
 * The team → webhook routes, read from Secrets Manager once and cached.
 *
 * @module
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import { WebhookSecretError } from './errors.ts';
import {
  parseWebhookRoutes,
  routeFor,
  type WebhookRoute,
  type WebhookRoutes,
} from './webhook-routes.ts';

/** Finds the webhook of a team. */
export interface WebhookLookup {
  webhookFor(team: string): Promise<WebhookRoute>;
  /** Every webhook URL known, to scrub them from anything logged. */
  knownUrls(): readonly string[];
}

export interface WebhookDirectoryOptions {
  /**
   * The Secrets Manager client, or how to get it on first use (notify-slack loads the client
   * only when it reads the secret, not at cold start).
   */
  client: SecretsManagerClient | (() => Promise<SecretsManagerClient>);
  /** ARN (or name) of the secret. */
  secretId: string;
  /**
   * How long the routes are reused, in ms (default 10 minutes): one read per container in
   * practice, yet a rotated or revoked webhook is picked up without a redeploy.
   */
  maxAgeMs?: number;
  now?: () => number;
}

const DEFAULT_MAX_AGE_MS = 10 * 60_000;

/**
 * {@link WebhookLookup} on a Secrets Manager secret. The value is fetched on first use and
 * cached; a failed fetch is not cached. The URLs are never logged nor put in an error.
 *
 * @example
 * ```ts
 * const webhooks = new WebhookDirectory({ client: secretsManager, secretId: arn });
 * const { route, url } = await webhooks.webhookFor('payments');
 * ```
 */
export class WebhookDirectory implements WebhookLookup {
  readonly #client: SecretsManagerClient | (() => Promise<SecretsManagerClient>);
  readonly #secretId: string;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #cached: { routes: Promise<WebhookRoutes>; readAt: number } | undefined;
  #urls: readonly string[] = [];

  constructor(options: WebhookDirectoryOptions) {
    this.#client = options.client;
    this.#secretId = options.secretId;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.#now = options.now ?? Date.now;
  }

  async webhookFor(team: string): Promise<WebhookRoute> {
    return routeFor(await this.#routes(), team);
  }

  knownUrls(): readonly string[] {
    return this.#urls;
  }

  #routes(): Promise<WebhookRoutes> {
    const now = this.#now();
    const cached = this.#cached;
    if (cached !== undefined && now - cached.readAt < this.#maxAgeMs) return cached.routes;
    const routes = this.#read();
    this.#cached = { routes, readAt: now };
    routes.then(
      (read) => {
        this.#urls = [...new Set(read.values())];
      },
      () => {
        if (this.#cached?.routes === routes) this.#cached = undefined;
      },
    );
    return routes;
  }

  async #read(): Promise<WebhookRoutes> {
    let secretString: string | undefined;
    const { GetSecretValueCommand, ResourceNotFoundException } = await import(
      '@aws-sdk/client-secrets-manager'
    );
    try {
      const client = typeof this.#client === 'function' ? await this.#client() : this.#client;
      const out = await client.send(new GetSecretValueCommand({ SecretId: this.#secretId }));
      secretString = out.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        throw new WebhookSecretError(this.#secretId, 'does not exist', { cause: error });
      }
      const { account, region } = arnParts(this.#secretId);
      throw toAwsCallError(error, { operation: 'secretsmanager:GetSecretValue', account, region });
    }
    if (secretString === undefined) {
      throw new WebhookSecretError(
        this.#secretId,
        'has no string value (binary secrets are not read)',
      );
    }
    return parseWebhookRoutes(this.#secretId, secretString);
  }
}

function arnParts(secretId: string): { account: string; region: string } {
  const [, , , region = 'unknown', account = 'unknown'] = secretId.split(':');
  return { account, region };
}
