/**
 * The sample investigation (`vigil seed`): a case opened by the sample investigator, a probe
 * image (a face-api sample photograph that is not in the gallery) and one search of the gallery
 * from its largest face, all as the investigator through the use cases that check their
 * permissions and record-level access (R30) and audit each step (R31).
 */
import { readFile } from 'node:fs/promises';
import type { Accessor } from '../../governance/authorise.ts';
import { faceApiSample } from '../../live/demo-clip.ts';
import type { CaseService } from '../../retro/case.service.ts';
import type { ProbeService } from '../../retro/probe.service.ts';
import type { SearchService } from '../../retro/search.service.ts';

export interface SampleCase {
  readonly id: string;
  readonly reference: string;
  readonly probeId: string;
  readonly searchId: string;
  readonly candidates: number;
}

export const sampleCaseReference = 'SAMPLE-CASE-0001';

export async function openSampleCase(
  cases: CaseService,
  probes: ProbeService,
  searches: SearchService,
  offenceType: string,
  investigator: Accessor,
): Promise<SampleCase> {
  const c = await cases.createCase(
    {
      reference: sampleCaseReference,
      offenceType,
      title: 'Sample case: who is in this group photograph? (sample data)',
      authorisationRef: 'SAMPLE-AUTH-0001 (sample data: no real authorisation)',
    },
    investigator,
  );
  const file = faceApiSample(6);
  const { probe } = await probes.addImageProbe(
    c.id,
    {
      bytes: await readFile(file),
      filename: 'sample6.jpg',
      provenance: 'other',
      description: 'sample data: a group photograph shipped with @vladmandic/face-api, not evidence',
    },
    investigator,
  );
  const result = await searches.search(
    {
      caseId: c.id,
      probeId: probe.id,
      faceIndex: 0,
      enhancements: [],
      justification: 'sample data: a sample search made by vigil seed to show how candidates are reviewed',
      legalBasis: 'sample data: no real person is sought',
    },
    investigator,
  );
  return {
    id: c.id,
    reference: c.reference,
    probeId: probe.id,
    searchId: result.search.id,
    candidates: result.candidates.length,
  };
}
