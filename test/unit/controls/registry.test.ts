import { describe, expect, it } from 'vitest';
import {
  CONTROL_NAMES,
  CONTROLS,
  controlActions,
  controlNamed,
  isFixable,
  remediationKindOf,
  SECTIONS,
} from '#lib/controls/index.ts';

describe('Registry: CONTROLS', () => {
  it('registers every control under its stable kebab-case name, once', () => {
    expect(CONTROLS.map((c) => c.name)).toEqual([...CONTROL_NAMES]);
    expect(new Set(CONTROL_NAMES).size).toBe(CONTROL_NAMES.length);
    for (const name of CONTROL_NAMES) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('gives every control its own section of the standard, listed in sections.ts in the same order', () => {
    const keys = CONTROLS.map((c) => c.section.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(CONTROLS.map((c) => c.section)).toEqual([...SECTIONS]);
    for (const control of CONTROLS) expect(control.section.control).toBe(control.name);
  });

  it.each(CONTROLS.map((c) => [c.name, c] as const))(
    'declares the IAM actions %s needs',
    (_name, control) => {
      // Like Cloud Custodian's meta-test: a control that declares no permissions cannot be deployed least-privilege.
      const { reads, writes } = controlActions(control);
      if (isFixable(control)) expect(writes.length).toBeGreaterThan(0);
      // Reads may reach what runs in the account (the lifecycle guard) and the network it is
      // reached through (vpc-endpoints); writes are ECR's.
      for (const action of reads)
        expect(action).toMatch(/^(ecr|ecs|lambda|inspector2|ec2):[A-Z][A-Za-z]+$/);
      for (const action of writes) expect(action).toMatch(/^ecr:[A-Z][A-Za-z]+$/);
      // Each write is dispatched to the very kind the control declares (scanning and
      // registry-scanning share the registry scanning configuration's).
      for (const [action, kind] of Object.entries(control.remediations)) {
        expect(remediationKindOf(action).kind).toBe(kind);
      }
    },
  );

  it('lists the repository-level controls, then the registry-level ones', () => {
    expect(
      CONTROLS.map((c) => `${c.name}:${c.level}:${isFixable(c) ? 'fixable' : 'report-only'}`),
    ).toEqual([
      'immutability:repository:fixable',
      'lifecycle:repository:fixable',
      'scanning:repository:fixable',
      'naming:repository:report-only',
      'repository-policy:repository:fixable',
      'encryption:repository:report-only',
      'tag-strategy:repository:report-only',
      'creation-templates:registry:fixable',
      'registry-scanning:registry:fixable',
      'vpc-endpoints:registry:report-only',
    ]);
  });

  it('finds a control by name', () => {
    expect(controlNamed('scanning')?.name).toBe('scanning');
    expect(controlNamed('nothing')).toBeUndefined();
  });

  it('refuses to dispatch a write no control declares', () => {
    expect(() => remediationKindOf('ecr:DeleteRepository')).toThrow(/no control declares/);
  });
});
