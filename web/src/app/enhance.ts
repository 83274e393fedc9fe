/**
 * A local rendering of an enhancement chain, so the investigator sees what the server will search
 * (the server applies the chain itself and records it, R36; its preview decides which faces exist).
 */
import type { Schemas } from '../api/client';

export type Step = Schemas['Search']['enhancements'][number];

export function describeStep(s: Step): string {
  switch (s.op) {
    case 'crop':
      return `crop ${s.width}×${s.height} at (${s.x}, ${s.y})`;
    case 'rotate':
      return `rotate ${s.degrees}° clockwise`;
    case 'brightness':
      return `brightness ×${s.factor}`;
    case 'contrast':
      return `contrast ×${s.factor}`;
    case 'grayscale':
      return 'grayscale';
    case 'flip':
      return `flip ${s.axis}`;
  }
}

function canvas(w: number, h: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = Math.max(1, Math.round(w));
  c.height = Math.max(1, Math.round(h));
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  return [c, ctx];
}

/** The chain applied to an image, as a PNG data URL, with the result's size. */
export function renderChain(
  img: HTMLImageElement,
  chain: readonly Step[],
): { url: string; width: number; height: number } {
  let [cur, ctx] = canvas(img.naturalWidth, img.naturalHeight);
  ctx.drawImage(img, 0, 0);
  for (const s of chain) {
    const w = cur.width;
    const h = cur.height;
    let next: HTMLCanvasElement;
    let nctx: CanvasRenderingContext2D;
    if (s.op === 'crop') {
      [next, nctx] = canvas(s.width, s.height);
      nctx.drawImage(cur, s.x, s.y, s.width, s.height, 0, 0, s.width, s.height);
    } else if (s.op === 'rotate') {
      const r = (s.degrees * Math.PI) / 180;
      const nw = Math.abs(w * Math.cos(r)) + Math.abs(h * Math.sin(r));
      const nh = Math.abs(w * Math.sin(r)) + Math.abs(h * Math.cos(r));
      [next, nctx] = canvas(nw, nh);
      nctx.fillStyle = '#000';
      nctx.fillRect(0, 0, next.width, next.height);
      nctx.translate(next.width / 2, next.height / 2);
      nctx.rotate(r);
      nctx.drawImage(cur, -w / 2, -h / 2);
    } else if (s.op === 'flip') {
      [next, nctx] = canvas(w, h);
      if (s.axis === 'horizontal') nctx.setTransform(-1, 0, 0, 1, w, 0);
      else nctx.setTransform(1, 0, 0, -1, 0, h);
      nctx.drawImage(cur, 0, 0);
    } else {
      [next, nctx] = canvas(w, h);
      nctx.filter =
        s.op === 'brightness'
          ? `brightness(${s.factor})`
          : s.op === 'contrast'
            ? `contrast(${s.factor})`
            : 'grayscale(1)';
      nctx.drawImage(cur, 0, 0);
    }
    cur = next;
    ctx = nctx;
  }
  return { url: cur.toDataURL('image/png'), width: cur.width, height: cur.height };
}

export function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the image could not be shown in the browser'));
    img.src = src;
  });
}
