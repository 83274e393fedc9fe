/**
 * Body of an engine worker, a thread or a child process (`engine.isolation`; the pool's
 * worker-pool-hosts.ts): owns one set of nets and answers one batch of requests at a time,
 * handling a batch's requests together so that their faces share recognizer runs
 * (embed-coalescer.ts).
 */
import { performance } from 'node:perf_hooks';
import { EmbedCoalescer } from './embed-coalescer.ts';
import type {
  EngineBatch,
  EngineOutcome,
  EngineRequest,
  EngineWorkerData,
  ImageAnalysis,
  ImageSource,
} from './engine-protocol.ts';
import { decodeImage, ImageError, type DecodedImage } from './image-decode.ts';
import { createNets } from './packs.ts';
import { describeFaces, detectBestFirst } from './pipeline.ts';
import type { RgbImage } from './types.ts';
import type { WorkerControl } from '../shared/worker-pool.ts';
import { workerHostPort } from '../shared/worker-pool-port.ts';

const port = await workerHostPort();
const config = port.workerData as EngineWorkerData;

async function load(source: ImageSource): Promise<{ image: RgbImage; format: DecodedImage['format'] | 'rgb' }> {
  if (source.kind === 'encoded') {
    const image = await decodeImage(new Uint8Array(source.bytes), config.limits);
    return { image, format: image.format };
  }
  const data = new Uint8Array(source.pixels);
  if (data.length !== source.width * source.height * 3) {
    throw new ImageError(
      'corrupt',
      `a ${source.width}x${source.height} RGB frame needs ${source.width * source.height * 3} bytes, got ${data.length}`,
    );
  }
  return { image: { width: source.width, height: source.height, data }, format: 'rgb' };
}

try {
  const created = await createNets(config.pack, config.threads);
  const coalescer = new EmbedCoalescer(created.recognizer);
  const nets = { ...created, recognizer: coalescer };

  const handle = async (req: EngineRequest): Promise<ImageAnalysis> => {
    const t0 = performance.now();
    const { image, format } = await load(req.source);
    const t1 = performance.now();
    const found = req.op === 'analyse' ? await detectBestFirst(nets, image, req.detect) : req.faces;
    const t2 = performance.now();
    const faces = await describeFaces(nets, image, found, config.gates, req.embed);
    const t3 = performance.now();
    return {
      width: image.width,
      height: image.height,
      format,
      faces,
      timings: { decodeMs: t1 - t0, detectMs: t2 - t1, describeMs: t3 - t2 },
    };
  };

  const outcome = (settled: PromiseSettledResult<ImageAnalysis>): EngineOutcome => {
    if (settled.status === 'fulfilled') return { ok: true, result: settled.value };
    const e = settled.reason instanceof Error ? settled.reason : new Error(String(settled.reason));
    const code = e instanceof ImageError ? e.code : undefined;
    return { ok: false, error: { name: e.name, ...(code ? { code } : {}), message: e.message } };
  };

  port.onMessage((message) => {
    const msg = message as (EngineBatch & { id: number }) | WorkerControl;
    // The pool's control messages (worker-pool.ts): leave from JavaScript, between native calls,
    // never by being terminated from outside; or crash as this code would (the test fault).
    if ('control' in msg) {
      if (msg.control === 'exit') process.exit(0);
      throw new Error('engine worker crash injected (fault test)');
    }
    coalescer.all(msg.requests.map((req) => () => handle(req))).then(
      (settled) => port.post({ id: msg.id, ok: true, result: settled.map(outcome) }),
      (err: unknown) => port.post({ id: msg.id, ok: false, error: { name: 'Error', message: String(err) } }),
    );
  });
  port.post({ ready: true });
} catch (err) {
  port.post({
    fatal: `could not load pack ${config.pack.name}: ${err instanceof Error ? err.message : String(err)}`,
  });
}
