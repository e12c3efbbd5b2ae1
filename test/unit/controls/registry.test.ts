import { describe, expect, it } from 'vitest';
import { CONTROL_NAMES, CONTROLS, controlNamed } from '#lib/controls/index.ts';

describe('Registry: CONTROLS', () => {
  it('registers every control under its stable name, once', () => {
    expect(CONTROLS.map((c) => c.name)).toEqual([...CONTROL_NAMES]);
  });

  it.each(CONTROLS.map((c) => [c.name, c] as const))(
    'declares the IAM actions %s needs',
    (_name, control) => {
      // Like Cloud Custodian's meta-test: a control that declares no permissions cannot be deployed least-privilege.
      expect(control.readActions.length).toBeGreaterThan(0);
      expect(control.writeActions.length).toBeGreaterThan(0);
      for (const action of [...control.readActions, ...control.writeActions]) {
        expect(action).toMatch(/^ecr:[A-Z][A-Za-z]+$/);
      }
    },
  );

  it('finds a control by name', () => {
    expect(controlNamed('scanning').name).toBe('scanning');
  });
});
