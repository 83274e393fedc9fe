/**
 * The sample reference gallery (`vigil seed`): every face that passes the quality gates (R15) in
 * three of the group photographs `@vladmandic/face-api` ships in its `demo/` folder (the package is
 * MIT-licensed; the photographs come with it, no other source is stated), cropped and enrolled as
 * the sample watchlist manager, each image's source and legal basis saying it is sample data.
 * These are photographs of people who are nobody's persons of interest: names say "Sample person".
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import type { FaceEngine } from '../../faces/engine.ts';
import { FaceChoiceError } from '../../faces/face-choice.ts';
import type { Accessor } from '../../governance/authorise.ts';
import type { GalleryService } from '../../gallery/gallery.service.ts';
import { faceApiSample } from '../../live/demo-clip.ts';
import { cropRegion } from '../../faces/video-probe.ts';
import { DomainError } from '../../shared/domain-error.ts';

/** The photographs whose faces make the gallery; the others are left for the clip and the probe. */
export const galleryPhotos = [1, 3, 4] as const;
export const sampleProvenance = 'sample data';
const origin = 'a sample photograph shipped with @vladmandic/face-api (MIT)';

export interface SampleSubject {
  readonly id: string;
  readonly reference: string;
  readonly displayName: string;
  /** The photograph the face was cropped from. */
  readonly photo: string;
}

/** The faces of a photograph that pass the gates, largest first, each cropped with a margin as JPEG. */
async function faceCrops(engine: Pick<FaceEngine, 'analyse'>, file: string): Promise<Buffer[]> {
  const bytes = await readFile(file);
  const analysis = await engine.analyse(bytes, { embed: 'none' });
  const crops: Buffer[] = [];
  for (const face of analysis.faces) {
    if (!face.quality?.passed) continue;
    const r = cropRegion(face.box, 0.6, analysis.width, analysis.height);
    const crop = sharp(bytes).rotate().extract({ left: r.x, top: r.y, width: r.width, height: r.height });
    crops.push(await crop.jpeg({ quality: 92 }).toBuffer());
  }
  return crops;
}

/** Enrols the sample gallery as `who` (gallery:enrol, checked by the use case). */
export async function enrolSampleGallery(
  engine: Pick<FaceEngine, 'analyse'>,
  gallery: GalleryService,
  who: Accessor,
): Promise<SampleSubject[]> {
  const subjects: SampleSubject[] = [];
  for (const n of galleryPhotos) {
    const file = faceApiSample(n);
    const photo = basename(file);
    const crops = await faceCrops(engine, file);
    for (const [i, crop] of crops.entries()) {
      const number = String(subjects.length + 1).padStart(2, '0');
      const reference = `SAMPLE-00${number}`;
      const displayName = `Sample person ${number} (face ${i + 1} of ${photo})`;
      try {
        const { subject } = await gallery.createSubject(
          {
            reference,
            displayName,
            images: [
              {
                bytes: crop,
                source: `${sampleProvenance}: face ${i + 1} cropped from ${photo}, ${origin}`,
                legalBasis: `${sampleProvenance}: not a person of interest; no legal basis is needed for a sample`,
                reason: `${sampleProvenance}: enrolled by vigil seed`,
              },
            ],
          },
          who,
        );
        subjects.push({ id: subject.id, reference, displayName, photo });
      } catch (err) {
        // A crop the gallery's own analysis refuses (no face found, or one failing the gates) is skipped.
        if (err instanceof FaceChoiceError || (err instanceof DomainError && err.kind === 'invalid')) continue;
        throw err;
      }
    }
  }
  return subjects;
}
