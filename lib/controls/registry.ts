import type { Control, ControlName } from './control.ts';
import { immutability } from './immutability.ts';
import { lifecycle } from './lifecycle.ts';
import { scanning } from './scanning.ts';

/** Every control of the standard, in the order they are evaluated and reported. */
export const CONTROLS: readonly Control[] = [immutability, lifecycle, scanning];

/**
 * The control registered under `name`.
 *
 * @example
 * ```ts
 * controlNamed('lifecycle').writeActions; // ['ecr:PutLifecyclePolicy']
 * ```
 */
export function controlNamed(name: ControlName): Control {
  const control = CONTROLS.find((c) => c.name === name);
  if (control === undefined) throw new Error(`no control named ${name}`);
  return control;
}
