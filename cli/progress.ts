import type { SweepEvent } from '#lib/sweep/index.ts';
import { targetName } from '#lib/sweep/index.ts';
import type { CliIo } from './io.ts';

/** Tells on stderr how a sweep is going. */
export interface Progress {
  update(event: SweepEvent): void;
  /** Ends the progress display (the bar's line is finished). */
  done(): void;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

/**
 * Progress on stderr, so stdout stays the report: on a terminal one bar redrawn in place
 * (targets done, repositories, problems), otherwise one plain line per account and region
 * started, finished or failed (CI logs).
 *
 * @example
 * ```ts
 * const progress = createProgress(io, plan.targets.length);
 * for await (const event of sweep(options, deps)) progress.update(event);
 * progress.done();
 * ```
 */
export function createProgress(io: CliIo, targets: number, now: () => number = Date.now): Progress {
  let finished = 0;
  let targetsFailed = 0;
  let repositoriesFailed = 0;
  let repositories = 0;
  let problems = 0;
  let drawnAt = 0;

  function bar(): string {
    const filled = targets === 0 ? BAR_WIDTH : Math.round((finished / targets) * BAR_WIDTH);
    const failed = targetsFailed === 0 ? '' : ` (${targetsFailed} failed)`;
    return `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${finished}/${targets} account/regions${failed} · ${repositories} repositories · ${problems} to look at`;
  }

  /** The closing line: what was read, and what failed, counted apart. */
  function summary(): string {
    const read = finished - targetsFailed;
    const failedRepositories = repositoriesFailed === 0 ? '' : `, ${repositoriesFailed} failed`;
    return `done: ${read} of ${targets} account/regions read, ${targetsFailed} failed; ${repositories} repositories${failedRepositories}`;
  }

  function draw(force: boolean): void {
    const at = now();
    if (!force && at - drawnAt < REDRAW_MS) return;
    drawnAt = at;
    io.stderr(bar());
  }

  return {
    update(event: SweepEvent): void {
      const where = targetName(event.target);
      switch (event.type) {
        case 'target-started':
          if (!io.stderrIsTerminal) io.stderr(`sweeping ${where}\n`);
          break;
        case 'repository':
          repositories += 1;
          if (
            event.report.controls.some((c) => c.status === 'violation' || c.status === 'planned')
          ) {
            problems += 1;
          }
          break;
        case 'repository-failed':
          repositories += 1;
          repositoriesFailed += 1;
          problems += 1;
          if (!io.stderrIsTerminal)
            io.stderr(`${where}/${event.repositoryName} failed: ${event.reason}\n`);
          break;
        case 'target-finished':
          finished += 1;
          if (!io.stderrIsTerminal) io.stderr(`${where}: ${event.repositories} repositories\n`);
          break;
        case 'target-failed':
          finished += 1;
          targetsFailed += 1;
          problems += 1;
          if (io.stderrIsTerminal) io.stderr(`\r\x1b[2K${where} failed: ${event.reason}\n`);
          else io.stderr(`${where} failed: ${event.reason}\n`);
          break;
      }
      if (io.stderrIsTerminal) draw(event.type !== 'repository');
    },
    done(): void {
      if (io.stderrIsTerminal) {
        draw(true);
        io.stderr(`\n${summary()}\n`);
      } else {
        io.stderr(`${summary()}\n`);
      }
    },
  };
}
