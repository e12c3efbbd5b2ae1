import { describe, expect, it } from 'vitest';
import { ENFORCEMENT_GATEWAY_ACTIONS, enforcementActions } from '#lib/aws/index.ts';
import { CONTROLS } from '#lib/controls/index.ts';

describe('Function: enforcementActions', () => {
  it.each(CONTROLS.map((control) => [control.name, control]))(
    'holds every action control %s declares (Cloud Custodian’s permissions meta-test)',
    (_name, control) => {
      // Assess
      expect(control.readActions.length).toBeGreaterThan(0);
      expect(control.writeActions.length).toBeGreaterThan(0);
      for (const action of [...control.readActions, ...control.writeActions]) {
        expect(action).toMatch(/^ecr:[A-Z][A-Za-z]+$/);
        expect(enforcementActions()).toContain(action);
      }
    },
  );

  it("holds the gateway's own reads: tags (exemptions, team) and the repository listing", () => {
    // Assess
    expect(enforcementActions()).toEqual(expect.arrayContaining([...ENFORCEMENT_GATEWAY_ACTIONS]));
  });

  it('is sorted and has no duplicates', () => {
    // Prepare
    const actions = enforcementActions();

    // Assess
    expect(actions).toEqual([...new Set(actions)].sort());
  });
});
