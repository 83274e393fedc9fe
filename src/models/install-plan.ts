/**
 * Decides, without any I/O, whether a catalogue entry may be installed and against which sha256.
 * An entry is refused when it is not a single downloadable ONNX file, when no trusted hash is known,
 * or when its licence is restricted and the operator has not accepted it.
 */
import { findCatalogueEntry } from './catalogue.ts';
import type { CatalogueEntry } from './catalogue.ts';
import { ModelRefusedError } from './errors.ts';
import { isOnnxKind, sha256HexSchema } from './model-card.ts';
import type { ModelKind } from './model-card.ts';

export interface InstallOptions {
  /** The fetch to use; defaults to the global one. Tests pass their own or point at 127.0.0.1. */
  readonly fetch?: typeof fetch;
  /** Expected sha256 from a source the operator trusts, required when the catalogue has none. */
  readonly sha256?: string;
  /** Must be true to install a pack whose licence restricts use. */
  readonly acceptRestrictedLicence?: boolean;
}

export interface InstallPlan {
  readonly entry: CatalogueEntry;
  readonly url: string;
  /** The sha256 the downloaded bytes must have. */
  readonly expected: string;
}

export function refuseUnregistrableKind(kind: ModelKind): void {
  if (!isOnnxKind(kind)) {
    throw new ModelRefusedError(`${kind} nets are bundled with face-api and cannot be registered as ONNX files`);
  }
}

export function planInstall(
  name: string,
  catalogue: readonly CatalogueEntry[],
  options: Pick<InstallOptions, 'sha256' | 'acceptRestrictedLicence'>,
): InstallPlan {
  const entry = findCatalogueEntry(name, catalogue);
  if (entry === undefined) {
    const known = catalogue.map((e) => e.name).join(', ');
    throw new ModelRefusedError(`no catalogue entry named "${name}" (known: ${known})`);
  }
  if (entry.packaging === 'npm') {
    throw new ModelRefusedError(`${entry.name} ships inside ${entry.member ?? 'an npm package'}: nothing to install`);
  }
  if (entry.packaging === 'zip' || entry.url === null) {
    throw new ModelRefusedError(
      `${entry.name} is distributed as ${entry.member ?? 'a file'} inside ${entry.url ?? 'an archive'}; ` +
        'download and extract it yourself, check its hash, then register it with `vigil models add`',
    );
  }
  refuseUnregistrableKind(entry.kind);
  if (options.sha256 !== undefined && !sha256HexSchema.safeParse(options.sha256).success) {
    throw new ModelRefusedError(`--sha256 must be 64 lower-case hex digits, got "${options.sha256}"`);
  }
  if (entry.sha256 !== null && options.sha256 !== undefined && options.sha256 !== entry.sha256) {
    throw new ModelRefusedError(
      `the given sha256 ${options.sha256} differs from the catalogue's ${entry.sha256} for ${entry.name}`,
    );
  }
  const expected = entry.sha256 ?? options.sha256;
  if (expected === undefined) {
    throw new ModelRefusedError(
      `the catalogue has no known sha256 for ${entry.name}; pass --sha256 with a hash from a source you trust`,
    );
  }
  if (entry.licenceRestricted && options.acceptRestrictedLicence !== true) {
    throw new ModelRefusedError(
      `${entry.name} has a restricted licence: ${entry.licence} Accept it explicitly to install.`,
    );
  }
  return { entry, url: entry.url, expected };
}
