/**
 * The probe with the faces found on it. For a video track only the track's own face can be chosen
 * (issue 13: picking a track searches that person, never the frame's largest face).
 */
import type { Face } from './queries';
import { qualityText } from './labels';

export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A box as percentages of an image, for drawing over it at any size. */
export const boxStyle = (b: FaceBox, width: number, height: number) => ({
  left: `${(b.x / width) * 100}%`,
  top: `${(b.y / height) * 100}%`,
  width: `${(b.width / width) * 100}%`,
  height: `${(b.height / height) * 100}%`,
});

export function FacePicker({
  src,
  width,
  height,
  faces,
  chosen,
  onChoose,
  only,
  loading,
}: {
  src: string | undefined;
  width: number;
  height: number;
  faces: readonly Face[];
  chosen: number;
  onChoose: (i: number) => void;
  /** The one face that may be chosen (a track's), if any. */
  only: number | undefined;
  loading: boolean;
}) {
  const selectable = (i: number) => only === undefined || i === only;
  return (
    <div>
      {src ? (
        <div className="probe-frame">
          <img src={src} alt="the probe, as it will be searched" />
          {faces.map((f, i) =>
            selectable(i) ? (
              <button
                key={i}
                type="button"
                className={`face-box${i === chosen ? ' chosen' : ''}`}
                aria-label={`face ${i + 1}`}
                aria-pressed={i === chosen}
                style={boxStyle(f.box, width, height)}
                onClick={() => onChoose(i)}
              />
            ) : (
              <span key={i} className="face-box other" style={boxStyle(f.box, width, height)} aria-hidden="true" />
            ),
          )}
        </div>
      ) : (
        <div className="noimg probe-placeholder">Loading the probe…</div>
      )}
      {loading ? (
        <p className="muted" role="status">
          Finding the faces on the probe…
        </p>
      ) : faces.length === 0 ? (
        <p className="empty" role="status">
          No face found on the probe{src ? ' with these enhancements' : ''}.
        </p>
      ) : (
        <fieldset>
          <legend>Face to search</legend>
          {only !== undefined && (
            <p className="muted">The track’s own face is searched; the other faces in the frame are someone else’s.</p>
          )}
          {faces.map((f, i) => (
            <label key={i} className={`radio${selectable(i) ? '' : ' disabled'}`}>
              <input
                type="radio"
                name="face"
                checked={i === chosen}
                disabled={!selectable(i)}
                onChange={() => onChoose(i)}
              />
              Face {i + 1}
              {i === 0 ? ' (largest)' : ''}
              {i === only ? ' (the track’s face)' : ''}: {f.box.width.toFixed(0)}×{f.box.height.toFixed(0)} px, detector{' '}
              {f.score.toFixed(2)}, {qualityText(f.quality)}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
