/**
 * The sweep under throttling (issue 13, section 3), for `npm run bench`: 120 non-compliant
 * repositories (60 with `--quick`), 25 ms a call, swept one at a time unthrottled, then at
 * sweep-worker's concurrency with 10 % of ECR calls throttled at random (budget: 1.5 times the
 * first), then under a rate limit of 20 ECR calls a second (shown: adaptive retry at work).
 * The measurement itself is harness/brownout.ts, shared with the fault suite.
 *
 *   npm run bench -- --brownout [--quick]   only these figures
 */
import { BROWNOUT_BUDGET, type BrownoutRun, measureBrownout } from '../harness/brownout.ts';
import { startEmulator } from '../harness/emulator.ts';
import { type BenchFigure, figure } from './results.ts';

function verdicts(run: BrownoutRun): string {
  return `${run.verdicts}/${run.repositories} verdicts, ${run.failed} failed, ${run.compliantUnchecked} compliant unchecked, ${run.compliantAfter} compliant after, ${run.throttled} of ${run.ecrCalls} ECR calls throttled`;
}

/**
 * Starts the emulator, runs the three sweeps and returns their figures.
 *
 * @example
 * ```ts
 * const figures = await brownoutFigures({ quick: true, log: console.error });
 * ```
 */
export async function brownoutFigures(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<BenchFigure[]> {
  options.log('starting the AWS emulator for the brownout sweeps…');
  const emulator = await startEmulator({ log: () => undefined });
  try {
    const repositories = options.quick ? 60 : 120;
    const result = await measureBrownout({
      endpoint: emulator.endpoint,
      repositories,
      log: options.log,
    });
    const { sequential, brownout, rateLimited } = result;
    const correct = (run: BrownoutRun): boolean =>
      run.verdicts === run.repositories &&
      run.failed === 0 &&
      run.compliantUnchecked === 0 &&
      run.compliantAfter === run.repositories;
    const figures: BenchFigure[] = [
      {
        ...figure(
          `brownout: ${repositories} repositories, concurrency 1, no throttling`,
          sequential.wallMs,
          'ms',
        ),
        note: verdicts(sequential),
      },
      {
        ...figure(`brownout: 10 % of ECR calls throttled, concurrency 4/64`, brownout.wallMs, 'ms'),
        note: verdicts(brownout),
      },
      figure('brownout: throttled / unthrottled sequential wall time', result.ratio, 'ratio', {
        limit: BROWNOUT_BUDGET,
        note: `${result.delayMs} ms added to every AWS call by the loopback proxy`,
      }),
      figure(
        'brownout: every repository reached a correct verdict',
        correct(brownout) ? 1 : 0,
        'yes',
        {
          limit: 1,
          comparison: '>=',
          note: verdicts(brownout),
        },
      ),
    ];
    if (rateLimited !== undefined) {
      figures.push({
        ...figure(
          'brownout: rate limit of 20 ECR calls a second, concurrency 4/64',
          rateLimited.wallMs,
          'ms',
        ),
        note: verdicts(rateLimited),
      });
    }
    return figures;
  } finally {
    await emulator.stop();
  }
}
