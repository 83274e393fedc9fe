/**
 * The HTTP server's settings (issue 15): which reverse proxies are trusted to say who the client
 * is. Behind a load balancer every request comes from the balancer's address; only when that
 * address is trusted does Vigil read the client's address from X-Forwarded-For (and the scheme
 * from X-Forwarded-Proto). That address is what the rate limits count per client and what the
 * audit log records as the source of a login or a refusal, so trusting anyone else would let a
 * client choose it. Meant to sit in the main configuration as `http: httpConfigSchema.prefault({})`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

/** proxy-addr's names for ranges, as Fastify accepts them. */
const namedRanges = ['loopback', 'linklocal', 'uniquelocal'];

export function isProxyAddress(value: string): boolean {
  if (namedRanges.includes(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export const trustProxySchema = z
  .union([
    z.literal(false),
    /** Trust this many hops in front of Vigil, whoever they are (a fixed chain of proxies). */
    z.number().int().min(1).max(16),
    /** Trust only these addresses or CIDR ranges (or loopback, linklocal, uniquelocal). */
    z
      .array(
        z
          .string()
          .trim()
          .refine(isProxyAddress, 'must be an IP address, a CIDR range, or loopback, linklocal or uniquelocal'),
      )
      .min(1),
  ])
  .default(false);
export type TrustProxy = z.infer<typeof trustProxySchema>;

export const httpConfigSchema = z.object({
  /**
   * Reverse proxies whose X-Forwarded-For Vigil believes: false (default: the connection's own
   * address is the client), a hop count, or a list of proxy addresses and CIDR ranges.
   */
  trustProxy: trustProxySchema,
});
export type HttpConfig = z.infer<typeof httpConfigSchema>;

/** VIGIL_TRUST_PROXY: `false`, a hop count, or a comma-separated list of addresses and ranges. */
export function trustProxyFromEnv(value: string): unknown {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

/** The setting as Fastify's `trustProxy` option takes it (a hop count as the function Fastify would make of it). */
export function fastifyTrustProxy(tp: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof tp === 'number') return (_address, hop) => hop < tp;
  return tp;
}
