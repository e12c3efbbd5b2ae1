/** A seeded pseudo-random source: the same seed gives the same organization and the same jitter. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A whole number in [0, n). */
  below(n: number): number;
}

/** 32-bit FNV-1a of a text: turns a seed string into a number. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32, a small, fast generator with good enough statistics for a workload model.
 *
 * @example
 * ```ts
 * const random = seededRandom('ecr-guard-scale');
 * random.below(6); // 0–5, the same on every run
 * ```
 */
export function seededRandom(seed: string): Random {
  let state = hash(seed) || 1;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal(): number {
      const u = Math.max(next(), Number.EPSILON);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    below(n: number): number {
      return Math.floor(next() * n);
    },
  };
}
