/** The enhancement chain editor: steps applied in order, recorded with the search (R36). */
import { useState } from 'react';
import { describeStep, type Step } from '../../app/enhance';
import { Field } from '../../app/ui';
import { enhancementOpLabel } from './labels';

export function StepEditor({ chain, onChange }: { chain: Step[]; onChange: (c: Step[]) => void }) {
  const [op, setOp] = useState<Step['op']>('brightness');
  const [v, setV] = useState({ factor: '1.2', degrees: '90', x: '0', y: '0', width: '100', height: '100' });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const add = () => {
    const n = (s: string) => Number(s);
    const step: Step =
      op === 'crop'
        ? { op, x: n(v.x), y: n(v.y), width: n(v.width), height: n(v.height) }
        : op === 'rotate'
          ? { op, degrees: n(v.degrees) }
          : op === 'brightness' || op === 'contrast'
            ? { op, factor: n(v.factor) }
            : op === 'flip'
              ? { op, axis: 'horizontal' }
              : { op: 'grayscale' };
    onChange([...chain, step]);
  };
  return (
    <fieldset className="card">
      <legend>Enhancements (applied in order, recorded with the search)</legend>
      {chain.length === 0 ? (
        <p className="muted">None: the probe is searched as uploaded.</p>
      ) : (
        <ol>
          {chain.map((s, i) => (
            <li key={i}>
              {describeStep(s)}{' '}
              <button
                type="button"
                className="secondary small"
                onClick={() => onChange(chain.filter((_, j) => j !== i))}
                aria-label={`remove step ${i + 1}: ${describeStep(s)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="inline">
        <Field label="Step">
          <select value={op} onChange={(e) => setOp(e.target.value as Step['op'])}>
            {(['brightness', 'contrast', 'rotate', 'crop', 'grayscale', 'flip'] as const).map((o) => (
              <option key={o} value={o}>
                {enhancementOpLabel(o)}
              </option>
            ))}
          </select>
        </Field>
        {(op === 'brightness' || op === 'contrast') && (
          <Field label="Factor" hint="0.2 to 5">
            <input type="number" step="0.1" min="0.2" max="5" value={v.factor} onChange={set('factor')} />
          </Field>
        )}
        {op === 'rotate' && (
          <Field label="Degrees clockwise">
            <input type="number" min="-360" max="360" value={v.degrees} onChange={set('degrees')} />
          </Field>
        )}
        {op === 'crop' &&
          (['x', 'y', 'width', 'height'] as const).map((k) => (
            <Field key={k} label={`Crop ${k}`}>
              <input type="number" min={k === 'x' || k === 'y' ? 0 : 1} value={v[k]} onChange={set(k)} />
            </Field>
          ))}
        <button type="button" className="secondary" onClick={add}>
          Add step
        </button>
      </div>
    </fieldset>
  );
}
