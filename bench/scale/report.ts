/**
 * The scale benchmark's figures, as text for the terminal and as `BenchFigure`s for
 * bench/results.json (beside the full result).
 */
import { availableParallelism } from 'node:os';
import { type BenchFigure, figure } from '../results.ts';
import type { ScaleResult, Spread } from './run-scale.ts';

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0
    ? `${h} h ${String(m).padStart(2, '0')} min`
    : m > 0
      ? `${m} min ${String(sec).padStart(2, '0')} s`
      : `${sec} s`;
}

function n(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function spreadText(s: Spread, unit: (v: number) => string): string {
  return `p50 ${unit(s.p50)}, p90 ${unit(s.p90)}, p99 ${unit(s.p99)}, max ${unit(s.max)}`;
}

/**
 * The report printed by `npm run bench -- --scale`.
 *
 * @example
 * ```ts
 * process.stdout.write(formatScaleReport(result));
 * ```
 */
export function formatScaleReport(r: ScaleResult): string {
  const o = r.organization;
  const st = r.stack;
  const lines: string[] = [];
  const push = (line = ''): void => {
    lines.push(line);
  };
  push('ecr-guard at organization scale: one daily sweep, simulated');
  push('');
  push(
    `organization (seed ${o.seed}): ${n(o.accounts)} accounts × ${o.regions.length} regions (${o.regions.join(', ')}), ${n(o.repositories)} repositories`,
  );
  push(`  per account: ${spreadText(o.perAccount, (v) => n(v))}`);
  push(`  per account and region: ${spreadText(o.perRegistry, (v) => n(v))}`);
  push(
    `  state: ${pct(o.initialShares.compliant)} compliant; missing immutability ${pct(o.initialShares.missing.immutability ?? 0)}, ` +
      `lifecycle ${pct(o.initialShares.missing.lifecycle ?? 0)}, scanning ${pct(o.initialShares.missing.scanning ?? 0)}; exempt ${pct(o.initialShares.exempt)}`,
  );
  for (const h of o.hardThrottled) {
    push(
      `  hard-throttled: ${h.account} (${n(h.repositories)} repositories) at ${h.callsPerSecond} calls/s`,
    );
  }
  push(
    `AWS model: ${r.model.latencyMs} ms a call ±${pct(r.model.jitter)}, ${r.model.callsPerSecond} calls/s per ${r.model.scope === 'account' ? 'account' : 'account and region'} and API family (burst ${r.model.burst}), Lambda account concurrency ${n(r.model.accountConcurrency)}`,
  );
  push(
    `stack (packaged template): sweep-worker ${st.worker.memoryMb} MB, timeout ${st.worker.timeoutSeconds} s, batch ${st.eventSource.batchSize}, ` +
      `maximum concurrency ${st.eventSource.maximumConcurrency ?? 'none'}, reserved ${st.worker.reservedConcurrency ?? 'none'}; ` +
      `queue visibility ${st.queue.visibilityTimeoutSeconds} s, DLQ after ${st.queue.maxReceiveCount} receives; module init ${st.initMs} ms (${st.initSource})`,
  );
  push('');
  const sw = r.sweep;
  push(
    `simulated wall time: ${duration(sw.simulatedMs)} (window ${sw.windowHours} h: ${sw.withinWindow ? 'within' : 'MISSED'})`,
  );
  push(
    `  left neither compliant nor exempt: ${n(sw.leftNonCompliant)} repositories; dead-lettered: ${n(sw.deadLettered)} messages (${n(sw.targetsDeadLettered)} account-regions)`,
  );
  if (sw.slowestTarget !== undefined) {
    const t = sw.slowestTarget;
    push(
      `  slowest account-region: ${t.target}, done after ${duration(t.finishedAt)}: ${t.why.join('; ')}`,
    );
  }
  for (const t of sw.slowest.slice(1)) {
    push(`    then ${t.target} after ${duration(t.finishedAt)}: ${t.why.join('; ')}`);
  }
  const c = r.calls;
  push(
    `AWS calls: ${n(c.total)}, ${n(c.perRepository, 2)} per repository (ECR ${n(c.ecrPerRepository, 2)}); throttling answers ${n(c.throttled)}; SDK retries ${n(c.retries)}`,
  );
  for (const [key, count] of Object.entries(c.byOperation)) {
    push(
      `  ${key.padEnd(42)} ${n(count.calls).padStart(10)} calls ${n(count.throttled).padStart(9)} throttled`,
    );
  }
  const i = r.invocations;
  push(
    `sweep-worker: ${n(i.worker)} invocations (${n(i.coldStarts)} cold), peak ${n(i.peakConcurrency)} at once; ` +
      `duration ${spreadText(i.durationMs, duration)}`,
  );
  push(
    `  over the ${duration(i.timeoutMs)} timeout: ${n(i.overTimeout)} (timed out ${n(i.timedOut)}); failed ${n(i.failed)}`,
  );
  push(
    `  sweep (scheduler): ${n(i.scheduler.messages)} messages in ${duration(i.scheduler.durationMs)} (timeout ${duration(i.scheduler.timeoutMs)})`,
  );
  const m = r.messages;
  push(
    `messages: ${n(m.sent)} sent (${n(m.continuations)} continuations), ${n(m.received)} received, ${n(m.redelivered)} redelivered, ` +
      `${n(m.deadLettered)} dead-lettered; wait before first receive ${spreadText(m.waitMs, duration)}`,
  );
  if (m.throttledBatches > 0)
    push(`  batches refused by Lambda (concurrency): ${n(m.throttledBatches)}`);
  const rep = r.repositories;
  push(
    `repositories swept: ${n(rep.swept)} (compliant ${n(rep.compliant)}, remediated ${n(rep.remediated)}, exempt ${n(rep.exempt)}, failed ${n(rep.failed)})`,
  );
  push(
    `CPU: ${n(r.cpu.msPerRepository, 3)} ms per repository on this machine (the worker's code: SDK, engine, logs; ` +
      `${n(r.cpu.workerMs / 1000, 1)} s in all), ×${n(r.cpu.lambdaScale, 2)} at ${st.worker.memoryMb} MB (1,769 MB = 1 vCPU)`,
  );
  push('');
  push('cost of one sweep (list prices, us-east-1, no free tier):');
  for (const line of r.cost.lines)
    push(`  ${line.item.padEnd(28)} ${line.arithmetic} = $${line.usd.toFixed(4)}`);
  push(
    `  ${'total'.padEnd(28)} $${r.cost.total.toFixed(4)} a sweep, $${(r.cost.total * 30).toFixed(2)} for 30 daily sweeps`,
  );
  push('');
  const sim = r.simulation;
  push(
    `simulated in ${duration(sim.realMs)} of real time: ${sim.shards} process(es) of ` +
      `${sim.shardCpuMs.map((ms) => duration(ms)).join(' and ')} of CPU; load average ${sim.loadAverage.toFixed(1)} ` +
      `on ${availableParallelism()} cores (others' work included)`,
  );
  return `${lines.join('\n')}\n`;
}

/** The figures saved with a budget where the issue sets one. */
export function scaleFigures(r: ScaleResult): BenchFigure[] {
  const i = r.invocations;
  return [
    figure('scale: simulated sweep wall time', Math.round(r.sweep.simulatedMs / 60_000), 'min', {
      limit: r.sweep.windowHours * 60,
    }),
    figure('scale: worker invocations over the timeout', i.overTimeout, 'invocations', {
      limit: 0,
    }),
    figure('scale: messages dead-lettered', r.sweep.deadLettered, 'messages', { limit: 0 }),
    figure('scale: repositories left non-compliant', r.sweep.leftNonCompliant, 'repositories', {
      limit: 0,
    }),
    figure('scale: AWS calls per repository', Number(r.calls.perRepository.toFixed(3)), 'calls'),
    figure('scale: throttling answers', r.calls.throttled, 'answers'),
    figure('scale: worker invocations', i.worker, 'invocations'),
    figure('scale: longest worker invocation', Math.round(i.durationMs.max / 1000), 's', {
      limit: i.timeoutMs / 1000,
    }),
    figure(
      'scale: CPU per repository (this machine)',
      Number(r.cpu.msPerRepository.toFixed(3)),
      'ms',
    ),
    figure('scale: cost of one sweep', Number(r.cost.total.toFixed(4)), 'USD'),
  ];
}
