/**
 * Each control's section of ecr-guard.yml, in registry order: what the standard is validated
 * with. Listed apart from the controls themselves (`registry.ts`, which holds the two equal)
 * so that a function that only validates the standard bundles no control's reads or writes.
 *
 * @module
 */
import { creationTemplatesSection } from './creation-templates/section.ts';
import { encryptionSection } from './encryption/section.ts';
import { immutabilitySection } from './immutability/section.ts';
import { lifecycleSection } from './lifecycle/section.ts';
import { namingSection } from './naming/section.ts';
import { registryScanningSection } from './registry-scanning/section.ts';
import { repositoryPolicySection } from './repository-policy/section.ts';
import { scanningSection } from './scanning/section.ts';
import { tagStrategySection } from './tag-strategy/section.ts';
import { vpcEndpointsSection } from './vpc-endpoints/section.ts';

/** Every control's section, in the order of the registry's controls. */
export const SECTIONS = [
  immutabilitySection,
  lifecycleSection,
  scanningSection,
  namingSection,
  repositoryPolicySection,
  encryptionSection,
  tagStrategySection,
  creationTemplatesSection,
  registryScanningSection,
  vpcEndpointsSection,
] as const;

export type RegisteredSection = (typeof SECTIONS)[number];
export type ControlName = RegisteredSection['control'];

/** The name of every control, in registry order. */
export const CONTROL_NAMES: readonly ControlName[] = SECTIONS.map((section) => section.control);
