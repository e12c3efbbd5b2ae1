/**
 * What a control is: one rule of the standard, self-contained. Each lives in its own folder
 * (`lib/controls/<name>/`) and is listed once, in `registry.ts`; everything else (the control
 * names, the standard's sections, the remediation dispatch, the IAM actions, the README's
 * table) is derived from that list.
 *
 * @module
 */
import type * as z from 'zod';
import type { AnyFact, AnyRegistryFact, FactContext, FactValue, StateOf } from './fact.ts';
import type { RepositoryDescription } from './facts/repository.ts';

/** Evaluated once per repository, or once per registry (account and region). */
export type ControlLevel = 'repository' | 'registry';

/**
 * One write a control wants made, as data, so that a dry run can show the plan and the gateway
 * is the only place that writes. `action` is the IAM action of the write.
 */
export interface RemediationBase {
  action: string;
}

/** How one kind of remediation is written to ECR. */
export interface RemediationKind<R extends RemediationBase> {
  /** The IAM action, also the remediation's `action`. */
  action: R['action'];
  /**
   * Makes the write. A missing repository is translated by the gateway (for remediations with
   * a `repositoryName`); every other failure propagates as the SDK raised it.
   */
  send(context: FactContext, remediation: R): Promise<void>;
  /**
   * The write replaces a document of the whole registry: the gateway makes such writes one at
   * a time per registry and forgets its cached registry facts after each.
   */
  registryWide?: boolean;
}

/** The remediation kinds of a control, one per action. */
export type RemediationKinds<R extends RemediationBase> = {
  readonly [A in R['action']]: RemediationKind<Extract<R, { action: A }>>;
};

/** What a control concluded. */
export type ControlEvaluation<R extends RemediationBase = RemediationBase> =
  | { compliant: true }
  | {
      compliant: false;
      /** Why, in words an application team understands. */
      reason: string;
      /**
       * The write that makes it compliant; absent when ecr-guard may not fix it itself (a
       * report-only control, or a fix the standard does not allow).
       */
      remediation?: R;
    };

/** Where a control's state comes from: the account, the region and the facts it declared. */
export interface RegistryState {
  account: string;
  region: string;
}

/** A repository-level control's state: its repository, and the facts it declared. */
export interface RepositoryState extends RegistryState {
  repository: RepositoryDescription;
}

/**
 * An exemption a control grants by itself (the pull-through-cache exemption of immutability),
 * decided from registry facts read only when the control is not compliant.
 */
export interface ExemptionHook<Config> {
  /** Reported as the exemption's source, e.g. `pull-through-cache`. */
  source: string;
  /** Registry facts the hook reads; only when its control is not compliant. */
  reads: readonly AnyRegistryFact[];
  /** Whether the hook applies at all under this configuration. */
  active(config: Config): boolean;
  /** The exemption's reason, or `undefined` when the repository is not exempt. */
  exempt(repositoryName: string, facts: Readonly<Record<string, unknown>>): string | undefined;
  /**
   * When the hook's facts cannot be read, the repository may be exempt: no write is made, and
   * the violation says why with this phrase (given the read error).
   */
  unknown(readError: string): string;
}

/** When a control's guard looks at a repository. */
export interface GuardOccasion<R extends RemediationBase = RemediationBase> {
  /** The control's write about to be planned (dry run) or made; absent when there is none. */
  write?: R;
  /** An audit (`ecr-guard audit`, an audit sweep): the guard may look deeper than `evaluate`. */
  audit: boolean;
}

/** What a guard is given: the state the control judged, and a way to read more. */
export interface GuardInput<Config, State, R extends RemediationBase> extends GuardOccasion<R> {
  state: State;
  config: Config;
  /**
   * Reads one of the guard's `reads` (repository facts for this repository), each once per
   * repository, only when the guard asks for it.
   */
  read<F extends AnyFact>(fact: F): Promise<FactValue<F>>;
  now: Date;
}

/** What a repository stores, as a guard measured it: the reports' storage figures. */
export interface StorageFigures {
  images: number;
  /** Summed image sizes. */
  bytes: number;
  /** What the control's standard would free now. */
  freedBytes: number;
}

/** What a guard found; an empty finding changes nothing. */
export interface GuardFinding {
  /** The write must not be made: the control is a violation, the write's reason and this. */
  holdWrite?: string;
  /** A compliant control is not compliant after all (an audit): its violation's reason. */
  violation?: string;
  storage?: StorageFigures;
}

/**
 * A second look a control takes before its write is planned or made, and in an audit, which
 * may read more facts than `evaluate` judges (only then: a compliant repository pays nothing
 * outside an audit): it may hold the write, the control then reporting a violation with the
 * reason (the lifecycle control refuses a policy that would expire an image in use), judge a
 * compliant control a violation in an audit, and measure the repository's storage. Not run
 * for a control that is exempt from the write it would guard.
 */
export interface ControlGuard<Config, State, R extends RemediationBase> {
  /** The facts it may read (least privilege is derived from them, as from `reads`). */
  reads: readonly AnyFact[];
  /** Whether it looks on this occasion, under this configuration; nothing is read when not. */
  applies(config: Config, occasion: GuardOccasion<R>): boolean;
  check(input: GuardInput<Config, State, R>): Promise<GuardFinding>;
}

/**
 * A control's section of ecr-guard.yml: the key and the schema, every field with its default.
 * Kept in a module of its own (`<name>/section.ts`, zod only), so that what only validates the
 * standard bundles no control's reads or writes.
 */
export interface ControlSection<Name extends string, Key extends string, Schema extends z.ZodType> {
  /** The control's name. */
  control: Name;
  key: Key;
  schema: Schema;
}

/**
 * Declares a control's section.
 *
 * @example
 * ```ts
 * export const scanningSection = defineSection({ control: 'scanning', key: 'scanning', schema: ScanningConfigSchema });
 * ```
 */
export function defineSection<
  const Name extends string,
  const Key extends string,
  Schema extends z.ZodType,
>(section: ControlSection<Name, Key, Schema>): ControlSection<Name, Key, Schema> {
  return section;
}

interface ControlBase<
  Name extends string,
  Key extends string,
  Schema extends z.ZodType,
  R extends RemediationBase,
> {
  /** Stable kebab-case name: reports, logs and `ecr-guard:exempt` tags use it. */
  name: Name;
  /** For people: the README's table of controls and the reports. */
  description: {
    /** When a repository (or registry) is compliant. */
    compliantWhen: string;
    /** What ecr-guard does about it, or `report only`. */
    remediation: string;
  };
  /** Its section of ecr-guard.yml (see {@link ControlSection}). */
  section: ControlSection<Name, Key, Schema>;
  /** How each of its remediations is written; `{}` for a report-only control. */
  remediations: RemediationKinds<R>;
  /** Off under this configuration (e.g. `mode: off`): not evaluated, not reported. */
  enabled?(config: z.output<Schema>): boolean;
  /**
   * Whether this configuration lets the control make its registry-wide writes (the remediation
   * kinds marked `registryWide`, which replace a document of the whole registry). Their IAM
   * actions are granted only to a deployment whose standard enables them; a control with such
   * a kind must say when (test/unit/controls/enforcement-actions.test.ts holds it).
   */
  registryWritesEnabled?(config: z.output<Schema>): boolean;
}

/** A control evaluated once per repository. */
export interface RepositoryControl<
  Name extends string = string,
  Key extends string = string,
  Schema extends z.ZodType = z.ZodType,
  Reads extends readonly AnyFact[] = readonly AnyFact[],
  R extends RemediationBase = RemediationBase,
> extends ControlBase<Name, Key, Schema, R> {
  level: 'repository';
  /** The facts it judges, besides the repository itself (read once for all controls). */
  reads: Reads;
  /** Pure: the same state and configuration always give the same answer. */
  evaluate(state: RepositoryState & StateOf<Reads>, config: z.output<Schema>): ControlEvaluation<R>;
  exemption?: ExemptionHook<z.output<Schema>>;
  guard?: ControlGuard<z.output<Schema>, RepositoryState & StateOf<Reads>, R>;
}

/** A control evaluated once per registry (account and region). */
export interface RegistryControl<
  Name extends string = string,
  Key extends string = string,
  Schema extends z.ZodType = z.ZodType,
  Reads extends readonly AnyRegistryFact[] = readonly AnyRegistryFact[],
  R extends RemediationBase = RemediationBase,
> extends ControlBase<Name, Key, Schema, R> {
  level: 'registry';
  reads: Reads;
  evaluate(state: RegistryState & StateOf<Reads>, config: z.output<Schema>): ControlEvaluation<R>;
}

export type Control = RepositoryControl | RegistryControl;

/** Whether a control can fix what it finds (it has remediations), or only reports. */
export function isFixable(control: Pick<Control, 'remediations'>): boolean {
  return Object.keys(control.remediations).length > 0;
}

/**
 * Declares a repository-level control, keeping its types for the registry.
 *
 * @example
 * ```ts
 * export const lifecycle = defineRepositoryControl({
 *   name: 'lifecycle',
 *   level: 'repository',
 *   section: lifecycleSection,
 *   reads: [lifecyclePolicyFact],
 *   remediations: { 'ecr:PutLifecyclePolicy': putLifecyclePolicy },
 *   evaluate,
 *   description: { compliantWhen: '…', remediation: '…' },
 * });
 * ```
 */
export function defineRepositoryControl<
  const Name extends string,
  const Key extends string,
  Schema extends z.ZodType,
  const Reads extends readonly AnyFact[],
  // A report-only control (no remediations) adds nothing to the Remediation union.
  R extends RemediationBase = never,
>(
  control: RepositoryControl<Name, Key, Schema, Reads, R>,
): RepositoryControl<Name, Key, Schema, Reads, R> {
  return control;
}

/**
 * Declares a registry-level control.
 *
 * @example
 * ```ts
 * export const registryScanning = defineRegistryControl({
 *   name: 'registry-scanning',
 *   level: 'registry',
 *   section: registryScanningSection,
 *   reads: [registryScanningFact],
 *   remediations: {},
 *   evaluate,
 *   description: { compliantWhen: '…', remediation: 'report only' },
 * });
 * ```
 */
export function defineRegistryControl<
  const Name extends string,
  const Key extends string,
  Schema extends z.ZodType,
  const Reads extends readonly AnyRegistryFact[],
  R extends RemediationBase = never,
>(
  control: RegistryControl<Name, Key, Schema, Reads, R>,
): RegistryControl<Name, Key, Schema, Reads, R> {
  return control;
}
