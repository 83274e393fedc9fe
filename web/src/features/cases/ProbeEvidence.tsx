/**
 * What a search searched, as every reviewer sees it (issue 13): the probe as searched (its
 * recorded enhancements applied) with the searched face's box drawn on it, and the face crop
 * the server cut at that box. A probe whose face failed the quality gates is flagged.
 */
import { useEffect, useState } from 'react';
import { describeStep, loadImage, renderChain } from '../../app/enhance';
import { boxStyle } from './FacePicker';
import { qualityText } from './labels';
import { probeContentUrl, type SearchResult } from './queries';

export function ProbeEvidence({ caseId, search }: { caseId: string; search: SearchResult['search'] }) {
  const [shown, setShown] = useState<string>();
  const [failed, setFailed] = useState(false);
  const src = probeContentUrl(caseId, search.probeId, search.trackId);
  useEffect(() => {
    let live = true;
    loadImage(src)
      .then((img) => live && setShown(renderChain(img, search.enhancements).url))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [src, search.enhancements]);
  const face = search.searchedFace;
  return (
    <div className="evidence" data-testid="probe-evidence">
      <figure>
        {shown ? (
          <div className="probe-frame">
            <img src={shown} alt="the probe as searched" />
            {face && (
              <span
                className="face-box chosen"
                style={boxStyle(face.box, face.imageWidth, face.imageHeight)}
                aria-hidden="true"
              />
            )}
          </div>
        ) : (
          <div className="noimg probe-placeholder">{failed ? 'The probe could not be loaded' : 'Loading…'}</div>
        )}
        <figcaption>
          The probe{search.trackId ? ' (the track’s best frame)' : ''}, face {search.faceIndex + 1} searched
          {search.enhancements.length > 0 ? `, after ${search.enhancements.map(describeStep).join(', ')}` : ''}
        </figcaption>
      </figure>
      <figure>
        <img className="face-crop" src={`/v1/searches/${search.id}/probe-face`} alt="the searched face" />
        <figcaption>The searched face{face?.quality ? `: ${qualityText(face.quality)}` : ''}</figcaption>
      </figure>
    </div>
  );
}
