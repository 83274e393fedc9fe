/**
 * Deterministic random numbers for evaluation and benchmarks: a seeded uniform source and
 * standard normal deviates from it. Pure.
 */

/** xoshiro128** seeded by splitmix32: fast, deterministic, good enough for sampling. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0;
  const split = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [split(), split(), split(), split()];
  return () => {
    const [a, b, c, d] = s as [number, number, number, number];
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    s[2] = (c ^ a) >>> 0;
    s[3] = (d ^ b) >>> 0;
    s[1] = (b ^ (s[2] ?? 0)) >>> 0;
    s[0] = (a ^ (s[3] ?? 0)) >>> 0;
    s[2] = ((s[2] ?? 0) ^ t) >>> 0;
    s[3] = rotl(s[3] ?? 0, 11);
    return (result + 0.5) / 4294967296;
  };
}

const rotl = (v: number, k: number): number => ((v << k) | (v >>> (32 - k))) >>> 0;

/** Standard normal deviates (Box-Muller) from a uniform source. */
export function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
