import { describe, expect, it } from 'vitest';
import type { SweepEvent } from '#lib/sweep/index.ts';
import type { CliIo } from '../../../cli/io.ts';
import { createProgress } from '../../../cli/progress.ts';

const TARGET = { account: '111111111111', region: 'eu-west-1' };

function io(terminal: boolean): CliIo & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    stdout: () => undefined,
    stderr: (text) => err.push(text),
    readStdin: async () => '',
    env: {},
    stderrIsTerminal: terminal,
  };
}

const EVENTS: SweepEvent[] = [
  { type: 'target-started', target: TARGET },
  {
    type: 'repository',
    target: TARGET,
    report: {
      ...TARGET,
      repositoryName: 'app',
      outcome: 'checked',
      controls: [],
      ignoredExemptions: [],
    },
  },
  { type: 'target-finished', target: TARGET, repositories: 1 },
];

describe('Function: createProgress', () => {
  it('writes plain lines when stderr is not a terminal', () => {
    // Prepare
    const out = io(false);
    const progress = createProgress(out, 1);

    // Act
    for (const event of EVENTS) progress.update(event);
    progress.done();

    // Assess
    expect(out.err).toEqual([
      'sweeping 111111111111/eu-west-1\n',
      '111111111111/eu-west-1: 1 repositories\n',
      'done: 1 of 1 account/regions read, 0 failed; 1 repositories\n',
    ]);
  });

  it('counts a failed account/region as failed, not as done', () => {
    // Prepare
    const out = io(false);
    const other = { account: '222222222222', region: 'eu-west-1' };
    const progress = createProgress(out, 2);

    // Act
    for (const event of EVENTS) progress.update(event);
    progress.update({
      type: 'target-failed',
      target: other,
      repositories: 0,
      reason: 'cannot assume role',
      retryable: false,
      error: new Error('denied'),
    });
    progress.done();

    // Assess
    expect(out.err.at(-1)).toBe('done: 1 of 2 account/regions read, 1 failed; 1 repositories\n');
  });

  it('redraws one bar in place on a terminal', () => {
    // Prepare
    const out = io(true);
    const progress = createProgress(out, 2, () => 0);

    // Act
    for (const event of EVENTS) progress.update(event);
    progress.done();

    // Assess
    expect(out.err.slice(0, -1).every((line) => line.startsWith('\r'))).toBe(true);
    expect(out.err.at(-2)).toContain(
      '[############............] 1/2 account/regions · 1 repositories',
    );
    expect(out.err.at(-1)).toBe('\ndone: 1 of 2 account/regions read, 0 failed; 1 repositories\n');
  });
});
