/**
 * Where a camera may read from (issue 12): a camera's source is a URL Vigil's pipeline opens or a
 * path it reads, so whoever may add cameras could otherwise point one at the server's own files
 * (the media key), the cloud metadata service or the API itself. These are the pure rules; the
 * I/O (real paths, DNS) is in camera-source-vetting.ts.
 *
 * - A URL's scheme must be configured, and its host listed: by name (`cam1.example.org`, or
 *   `*.example.org` for any name under it), as an address, or in a CIDR range. `localhost` lists
 *   loopback. Nothing listed: no network camera at all.
 * - Whatever is listed, these are refused: link-local and metadata addresses (169.254.0.0/16,
 *   fe80::/10 and the clouds' metadata addresses), the unspecified and broadcast addresses,
 *   multicast, and this host's own addresses on the API's port. An IPv4 address inside IPv6
 *   (::ffff:a.b.c.d, 64:ff9b::a.b.c.d) is judged as the IPv4 address it carries.
 * - A host name is resolved and every address it resolves to must pass: a listed name may reach
 *   any address except the refused ones and loopback (unless loopback is listed); an unlisted name
 *   only addresses that are themselves listed.
 * - A local path (file and folder cameras), after symlinks and `..` are resolved, must lie inside
 *   a configured root and outside the denied paths (the secrets folder, key files, the database).
 */
import { BlockList, isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { isWithin } from '../shared/paths.ts';
import { DomainError } from '../shared/domain-error.ts';

/** Why a source is refused: the only thing about it a client is told. */
export type CameraSourceRefusal =
  | 'bad-source'
  | 'scheme-not-allowed'
  | 'host-not-allowed'
  | 'address-forbidden'
  | 'loopback-not-allowed'
  | 'self-address'
  | 'no-address'
  | 'path-not-allowed'
  | 'path-forbidden';

export class CameraSourceRefused extends DomainError {
  constructor(
    readonly reason: CameraSourceRefusal,
    message: string,
  ) {
    super('refused', 'camera-source-refused', `camera source refused (${reason}): ${message}`, { reason });
  }
}

export interface CameraSourceRules {
  /** URL schemes cameras may use (lower case). */
  readonly schemes: readonly string[];
  /** Host names, `*.suffix` patterns, addresses and CIDR ranges; `localhost` lists loopback. */
  readonly hosts: readonly string[];
  /** Real absolute folders that file and folder cameras may read under. */
  readonly fileRoots: readonly string[];
  /** Real absolute paths never read, even under a root. */
  readonly deniedPaths: readonly string[];
  /** The API's ports: refused on this host's own addresses. */
  readonly selfPorts: readonly number[];
  /** This host's own addresses (loopback and the unspecified address always count). */
  readonly selfAddresses: readonly string[];
}

/** The kinds a camera's source is declared with and the schemes each may use. */
export const schemesOfKind: Readonly<Record<'rtsp' | 'http', readonly string[]>> = {
  rtsp: ['rtsp', 'rtsps'],
  http: ['http', 'https'],
};
const defaultPorts: Readonly<Record<string, number>> = { rtsp: 554, rtsps: 322, http: 80, https: 443 };

function blockList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const r of ranges) {
    const [address = '', bits] = r.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/** Refused whatever is listed: link-local (cloud metadata lives there), unspecified, broadcast, multicast. */
const alwaysRefused = blockList([
  '169.254.0.0/16',
  'fe80::/10',
  '0.0.0.0/8',
  '255.255.255.255',
  '224.0.0.0/4',
  'ff00::/8',
  '::/128',
  'fd00:ec2::254', // AWS's IPv6 metadata address
  '100.100.100.200', // Alibaba Cloud's metadata address
]);
const loopback = blockList(['127.0.0.0/8', '::1']);

const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An address as judged: brackets and zone dropped, an IPv4 address inside IPv6 taken out. */
export function normaliseAddress(raw: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const address = raw
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const v = isIP(address);
  if (v === 4) return { address, family: 'ipv4' };
  if (v !== 6) return undefined;
  const embedded = /^(?:::ffff:|64:ff9b::)(.+)$/.exec(address)?.[1];
  if (embedded !== undefined) {
    if (dotted.test(embedded)) return { address: embedded, family: 'ipv4' };
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(embedded);
    if (hex) {
      const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
      return { address: [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.'), family: 'ipv4' };
    }
  }
  return { address, family: 'ipv6' };
}

/** Whether a configured `hosts` entry is well formed (a name, `*.suffix`, an address or a CIDR range). */
export function isHostRule(rule: string): boolean {
  const [address = '', bits, extra] = rule.split('/');
  if (extra !== undefined) return false;
  if (bits !== undefined) {
    const v = isIP(address);
    const n = Number(bits);
    return v !== 0 && /^\d+$/.test(bits) && n >= 0 && n <= (v === 4 ? 32 : 128);
  }
  return isIP(rule) !== 0 || /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(rule);
}

interface HostRules {
  readonly names: readonly string[];
  readonly suffixes: readonly string[];
  readonly addresses: BlockList;
  readonly loopbackListed: boolean;
}

function hostRules(hosts: readonly string[]): HostRules {
  const names: string[] = [];
  const suffixes: string[] = [];
  const ranges: string[] = [];
  let loopbackListed = false;
  for (const raw of hosts) {
    const rule = raw.trim().toLowerCase().replace(/\.$/, '');
    if (rule === 'localhost') {
      loopbackListed = true;
      ranges.push('127.0.0.0/8', '::1');
    } else if (rule.startsWith('*.')) suffixes.push(rule.slice(1));
    else if (rule.includes('/') || isIP(rule.replace(/^\[|\]$/g, '')) !== 0) {
      const [address = '', bits] = rule.split('/');
      const n = normaliseAddress(address);
      if (!n) continue;
      ranges.push(bits === undefined ? n.address : `${n.address}/${bits}`);
    } else names.push(rule);
  }
  const addresses = blockList(ranges);
  loopbackListed ||= addresses.check('127.0.0.1', 'ipv4') || addresses.check('::1', 'ipv6');
  return { names, suffixes, addresses, loopbackListed };
}

export interface UrlTarget {
  readonly scheme: string;
  /** Lower case, without brackets or a trailing dot. */
  readonly host: string;
  readonly port: number;
  /** The host is an address (no name to resolve). */
  readonly literal: boolean;
  /** The host is listed by name (or pattern). */
  readonly listedByName: boolean;
}

/**
 * What a URL camera reaches, or the refusal. A host name still has to be resolved and each of
 * its addresses checked (`checkAddress`); an address host has been checked here.
 */
export function checkUrl(rules: CameraSourceRules, kind: 'rtsp' | 'http', url: string): UrlTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CameraSourceRefused('bad-source', 'not a URL');
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (!schemesOfKind[kind].includes(scheme) || !rules.schemes.includes(scheme)) {
    throw new CameraSourceRefused('scheme-not-allowed', `a ${kind} camera may not use ${scheme}://`);
  }
  const host = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (host === '') throw new CameraSourceRefused('bad-source', 'the URL names no host');
  const port = parsed.port === '' ? (defaultPorts[scheme] ?? 0) : Number(parsed.port);
  const h = hostRules(rules.hosts);
  const listedByName = h.names.includes(host) || h.suffixes.some((s) => host.endsWith(s));
  const literal = normaliseAddress(host) !== undefined;
  const target = { scheme, host, port, literal, listedByName };
  if (literal) checkAddress(rules, target, host);
  else if (!listedByName && !resolvable(h)) {
    throw new CameraSourceRefused('host-not-allowed', `${host} is not a configured camera host`);
  }
  return target;
}

/** An unlisted name can pass only by resolving into a listed address or range. */
const resolvable = (h: HostRules): boolean => h.addresses.rules.length > 0;

/** Refuses an address the target's host resolved to (or is). */
export function checkAddress(rules: CameraSourceRules, target: UrlTarget, raw: string): void {
  const a = normaliseAddress(raw);
  if (!a) throw new CameraSourceRefused('no-address', `${target.host} did not resolve to an address`);
  if (alwaysRefused.check(a.address, a.family)) {
    throw new CameraSourceRefused('address-forbidden', `${target.host} reaches a link-local or reserved address`);
  }
  const isLoopback = loopback.check(a.address, a.family);
  const self =
    isLoopback || rules.selfAddresses.some((s) => normaliseAddress(s)?.address === a.address) || a.address === '::';
  if (self && rules.selfPorts.includes(target.port)) {
    throw new CameraSourceRefused('self-address', `${target.host}:${target.port} is Vigil's own API`);
  }
  const h = hostRules(rules.hosts);
  if (isLoopback && !h.loopbackListed) {
    throw new CameraSourceRefused('loopback-not-allowed', `${target.host} reaches this host (loopback is not listed)`);
  }
  if (!target.listedByName && !h.addresses.check(a.address, a.family)) {
    throw new CameraSourceRefused('host-not-allowed', `${target.host} is not a configured camera host`);
  }
}

/** Refuses a local path (already made real: symlinks and `..` resolved) outside the roots or under a denied path. */
export function checkPath(rules: CameraSourceRules, realPath: string): void {
  if (!isAbsolute(realPath)) throw new CameraSourceRefused('bad-source', 'a camera path must be absolute');
  if (rules.deniedPaths.some((d) => isWithin(d, realPath))) {
    throw new CameraSourceRefused('path-forbidden', 'the path is one Vigil never reads as a camera');
  }
  if (!rules.fileRoots.some((r) => isWithin(r, realPath))) {
    throw new CameraSourceRefused('path-not-allowed', 'the path is outside the configured camera folders');
  }
}
