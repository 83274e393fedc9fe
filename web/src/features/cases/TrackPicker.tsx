/** The face tracks of a video probe, each with its best face, to pick whom to search (R37). */
import { qualityText } from './labels';
import type { Track } from './queries';

export function TrackPicker({
  caseId,
  probeId,
  tracks,
  loading,
  chosen,
  onChoose,
}: {
  caseId: string;
  probeId: string;
  tracks: readonly Track[];
  loading: boolean;
  chosen: string | undefined;
  onChoose: (trackId: string) => void;
}) {
  return (
    <fieldset>
      <legend>Face tracks in the video (pick whom to search)</legend>
      {loading ? (
        <p className="muted">Loading the tracks…</p>
      ) : tracks.length === 0 ? (
        <p className="empty">No face was tracked in this video.</p>
      ) : (
        <ul className="tracks">
          {tracks.map((t) => (
            <li key={t.id}>
              <label className={`track${t.id === chosen ? ' chosen' : ''}`}>
                <input
                  type="radio"
                  name="track"
                  checked={t.id === chosen}
                  onChange={() => onChoose(t.id)}
                  aria-label={`Track ${t.trackNo}`}
                />
                <img src={`/v1/cases/${caseId}/probes/${probeId}/tracks/${t.id}/crop`} alt={`track ${t.trackNo}`} />
                <span>
                  Track {t.trackNo}: {(t.firstMs / 1000).toFixed(1)}–{(t.lastMs / 1000).toFixed(1)} s, {t.frameCount}{' '}
                  frames, {qualityText(t.quality)}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
