/**
 * Applies the camera source rules (camera-source-policy.ts) to a source, with the I/O they need:
 * a path is made real (symlinks and `..` resolved, as far as it exists) before it is judged, and a
 * host name is resolved and every address it resolves to judged, so a name cannot point a camera
 * at a refused address. Run when a camera is added, when its deployment goes live, and before
 * each connection its feed makes (a name re-pointed in DNS meanwhile is caught then).
 *
 * What remains: ffmpeg resolves the name again itself, so a DNS answer changed in the instant
 * between the check and the connection is not caught; HTTP redirects and HLS segment URLs are
 * followed by ffmpeg unchecked. List only camera hosts you control.
 */
import { lookup } from 'node:dns/promises';
import { realpath } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  CameraSourceRefused,
  checkAddress,
  checkPath,
  checkUrl,
  type CameraSourceRules,
} from './camera-source-policy.ts';

/** A camera's source as stored (the kinds of camera-feed.ts's CameraSourceSpec). */
export interface CameraSourceInput {
  readonly kind: 'rtsp' | 'http' | 'file' | 'folder';
  readonly url?: string | undefined;
  readonly path?: string | undefined;
  readonly loop?: boolean | undefined;
  readonly fps?: number | undefined;
}

export interface CameraSourcePolicyOptions {
  readonly schemes: readonly string[];
  readonly hosts: readonly string[];
  /** Absolute folders (need not exist yet). */
  readonly fileRoots: readonly string[];
  /** Absolute paths never read (need not exist). */
  readonly deniedPaths: readonly string[];
  /** The API's ports, refused on this host's addresses. */
  readonly selfPorts: readonly number[];
  /** Host name to addresses (default: the system resolver, as ffmpeg would use it). */
  readonly resolveHost?: (host: string) => Promise<readonly string[]>;
  /** This host's addresses (default: its network interfaces'). */
  readonly selfAddresses?: () => readonly string[];
}

const systemResolve = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const interfaceAddresses = (): string[] =>
  Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));

/** The real path of `path`, resolving symlinks in the part that exists (the rest is appended as given). */
export async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch (e) {
    const parent = dirname(absolute);
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === absolute) throw e;
    return join(await realPathOf(parent), basename(absolute));
  }
}

export class CameraSourcePolicy {
  constructor(private readonly o: CameraSourcePolicyOptions) {}

  private async rules(): Promise<CameraSourceRules> {
    return {
      schemes: this.o.schemes.map((s) => s.toLowerCase()),
      hosts: this.o.hosts,
      fileRoots: await Promise.all(this.o.fileRoots.map(realPathOf)),
      deniedPaths: await Promise.all(this.o.deniedPaths.map(realPathOf)),
      selfPorts: this.o.selfPorts,
      selfAddresses: (this.o.selfAddresses ?? interfaceAddresses)(),
    };
  }

  /**
   * Refuses a source the rules do not allow (CameraSourceRefused); returns it as it is to be
   * opened (a path made real, so what was checked is what is read). A name that does not resolve
   * throws the resolver's error (the feed retries it; adding or going live is refused).
   */
  async vet<S extends CameraSourceInput>(source: S): Promise<S> {
    const rules = await this.rules();
    if (source.kind === 'file' || source.kind === 'folder') {
      if (!source.path) throw new CameraSourceRefused('bad-source', `a ${source.kind} camera needs a path`);
      if (!isAbsolute(source.path)) throw new CameraSourceRefused('bad-source', 'a camera path must be absolute');
      const real = await realPathOf(source.path);
      checkPath(rules, real);
      return { ...source, path: real };
    }
    if (!source.url) throw new CameraSourceRefused('bad-source', `a ${source.kind} camera needs a URL`);
    const target = checkUrl(rules, source.kind, source.url);
    if (!target.literal) {
      const addresses = await (this.o.resolveHost ?? systemResolve)(target.host);
      if (addresses.length === 0) throw new CameraSourceRefused('no-address', `${target.host} resolved to nothing`);
      for (const a of addresses) checkAddress(rules, target, a);
    }
    return source;
  }
}

/** A check of a source: resolves when allowed, throws a CameraSourceRefused (or a resolver error) when not. */
export type VetCameraSource = (source: CameraSourceInput) => Promise<unknown>;

/** The refusal of a source, or undefined when it is allowed; a host that does not resolve is refused too. */
export async function refusalOf(
  vet: VetCameraSource,
  source: CameraSourceInput,
): Promise<CameraSourceRefused | undefined> {
  return vet(source).then(
    () => undefined,
    (e: unknown) =>
      e instanceof CameraSourceRefused
        ? e
        : new CameraSourceRefused('no-address', 'the camera host could not be resolved'),
  );
}

/** Why stored cameras may not go live under the rules in force, one sentence each (empty: all allowed). */
export async function cameraSourceProblems(
  vet: VetCameraSource,
  cameras: readonly { readonly name: string; readonly source_json: string }[],
): Promise<string[]> {
  const out: string[] = [];
  for (const c of cameras) {
    const refusal = await refusalOf(vet, JSON.parse(c.source_json) as CameraSourceInput);
    if (refusal) out.push(`camera "${c.name}": its source is not allowed (${refusal.reason})`);
  }
  return out;
}
