/**
 * A local RTSP camera for tests: `rtsp://127.0.0.1:<port>/live` plays a video clip, and the test
 * can make the camera drop (`dropConnections`) or go offline and come back (`setAvailable`).
 *
 * Why this shape. ffmpeg has no RTSP server that clients pull from (`-rtsp_flags listen` takes one
 * publisher, not players), Debian's RTSP servers (live555, GStreamer's rtsp-server) are not
 * installed, and the tests must run offline with what `npm install` brings. So this is a tiny RTSP
 * relay in Node, TCP-interleaved only (RFC 2326 section 10.12), serving one clip on demand:
 *
 * - each player (ffprobe or ffmpeg) that sends DESCRIBE gets its own ffmpeg publisher, which reads
 *   the clip in real time (`-re`, looped with `-stream_loop -1`) and publishes it to this server
 *   with ANNOUNCE / SETUP / RECORD on `/_publish/<id>`; its SDP answers the player's DESCRIBE;
 * - the publisher's RECORD is answered only when the player sends PLAY, so every player starts at
 *   the clip's first frame, a keyframe: the clip can be streamed with `-c:v copy` (no encoding
 *   cost) even when it has a single keyframe, as the shared street clip does;
 * - RTP and RTCP packets (`$` frames) are copied from the publisher's socket to the player's, with
 *   backpressure: a slow player pauses its publisher. The player's RTCP reports are ignored;
 * - a player that disconnects or tears down stops its publisher; a publisher that ends (a clip
 *   played once) closes its player's connection, as a camera that goes away.
 *
 * Nothing is written to disk. Test support only: no authentication, one path, no UDP transport.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { resolve } from 'node:path';

export interface RtspTestServerOptions {
  /** The video file to serve. */
  readonly clip: string;
  /** Play the clip again and again (default true); otherwise the stream ends with the clip. */
  readonly loop?: boolean;
  /** TCP port (default 0: any free port). The server listens on 127.0.0.1 only. */
  readonly port?: number;
  /** Path of the stream (default `/live`). */
  readonly path?: string;
  /**
   * `copy` (default) sends the clip's own packets: the clip must be H.264, HEVC or MJPEG. `h264`
   * encodes it (libx264, ultrafast, a keyframe every second), for GIFs and other codecs.
   */
  readonly codec?: 'copy' | 'h264';
  /** With `codec: 'h264'`: scale frames down to at most this width. */
  readonly maxWidth?: number;
  readonly ffmpeg?: string;
}

export interface RtspTestServer {
  readonly url: string;
  readonly port: number;
  /** Process ids of the ffmpeg publishers running now (one per connected player). */
  publisherPids(): number[];
  /** Open TCP connections (players and publishers). */
  connections(): number;
  /** The camera drops: every connection is closed and every publisher killed; reconnecting works. */
  dropConnections(): Promise<void>;
  /** Offline (false): drops every connection and resets new ones until set online again. */
  setAvailable(available: boolean): Promise<void>;
  stop(): Promise<void>;
}

export type RtspChunk =
  | {
      readonly kind: 'message';
      readonly line: string;
      readonly headers: ReadonlyMap<string, string>;
      readonly body: Buffer;
    }
  | { readonly kind: 'data'; readonly channel: number; readonly raw: Buffer };

/** Splits an RTSP connection's bytes into messages and interleaved `$` data frames. */
export class RtspStreamParser {
  private buffer: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): RtspChunk[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: RtspChunk[] = [];
    for (;;) {
      const b = this.buffer;
      if (b.length === 0) break;
      if (b[0] === 0x24) {
        if (b.length < 4 || b.length < 4 + b.readUInt16BE(2)) break;
        const end = 4 + b.readUInt16BE(2);
        out.push({ kind: 'data', channel: b[1] ?? 0, raw: b.subarray(0, end) });
        this.buffer = b.subarray(end);
        continue;
      }
      const headEnd = b.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        if (b.length > 65536) throw new Error('RTSP header too long');
        break;
      }
      const [line = '', ...rest] = b.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const h of rest) {
        const colon = h.indexOf(':');
        if (colon > 0) headers.set(h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim());
      }
      const length = Number(headers.get('content-length') ?? 0) || 0;
      if (b.length < headEnd + 4 + length) break;
      out.push({ kind: 'message', line, headers, body: b.subarray(headEnd + 4, headEnd + 4 + length) });
      this.buffer = b.subarray(headEnd + 4 + length);
    }
    return out;
  }
}

interface Publisher {
  readonly id: string;
  readonly proc: ChildProcess;
  readonly exited: Promise<void>;
  readonly announced: Promise<string>;
  announce(sdp: string): void;
  socket?: Socket;
  /** control name -> first interleaved channel, for the publisher's and the player's SETUPs. */
  readonly pubTracks: Map<string, number>;
  readonly playTracks: Map<string, number>;
  holdRecord?: () => void;
  playing: boolean;
}

const controlOf = (url: string): string => url.replace(/\/+$/, '').split('/').pop() ?? '';
const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
};

export async function startRtspTestServer(options: RtspTestServerOptions): Promise<RtspTestServer> {
  const streamPath = options.path ?? '/live';
  const sockets = new Set<Socket>();
  const publishers = new Map<string, Publisher>();
  /** Which player socket each publisher feeds. */
  const feedingPlayer = new Map<Publisher, Socket>();
  let available = true;
  let nextId = 1;
  let port = 0;

  const reply = (socket: Socket, cseq: string, status: string, headers: Record<string, string> = {}, body = '') => {
    const lines = [`RTSP/1.0 ${status}`, `CSeq: ${cseq}`, 'Server: vigil-rtsp-test'];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    if (!socket.destroyed) socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  function spawnPublisher(): Publisher {
    const id = `p${nextId++}`;
    const codec =
      options.codec === 'h264'
        ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p']
            .concat(['-force_key_frames', 'expr:gte(t,n_forced*1)'])
            .concat(options.maxWidth ? ['-vf', `scale='min(iw,${options.maxWidth})':-2`] : [])
        : ['-c:v', 'copy'];
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-re']
      .concat(options.loop === false ? [] : ['-stream_loop', '-1'])
      .concat(['-i', `file:${resolve(options.clip)}`, '-map', '0:v:0', '-an', ...codec])
      .concat(['-f', 'rtsp', '-rtsp_transport', 'tcp', `rtsp://127.0.0.1:${port}/_publish/${id}`]);
    const proc = spawn(options.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-2000)));
    const exited = new Promise<void>((done) => proc.once('close', () => done()));
    let announce!: (sdp: string) => void;
    let fail!: (e: Error) => void;
    const announced = new Promise<string>((ok, no) => ((announce = ok), (fail = no)));
    announced.catch(() => undefined);
    proc.once('error', (e) => fail(e));
    void exited.then(() => {
      fail(new Error(`the test publisher exited: ${stderr.trim().slice(-300) || 'no message'}`));
      publishers.delete(id);
      feedingPlayer.delete(p);
    });
    const p: Publisher = {
      id,
      proc,
      exited,
      announced,
      announce,
      pubTracks: new Map(),
      playTracks: new Map(),
      playing: false,
    };
    publishers.set(id, p);
    return p;
  }

  const kill = (p: Publisher) => {
    if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    p.socket?.destroy();
  };

  /** A publisher's packet, copied to its player on the player's channel for the same track. */
  function forward(p: Publisher, player: Socket, chunk: { channel: number; raw: Buffer }) {
    if (!p.playing) return;
    for (const [control, base] of p.pubTracks) {
      const to = p.playTracks.get(control);
      if (to === undefined || chunk.channel < base || chunk.channel > base + 1) continue;
      const raw = to === base ? chunk.raw : Buffer.from(chunk.raw);
      raw[1] = to + (chunk.channel - base);
      if (!player.write(raw) && p.socket && !p.socket.isPaused()) {
        p.socket.pause();
        player.once('drain', () => p.socket?.resume());
      }
    }
  }

  function onConnection(socket: Socket) {
    if (!available) return void socket.resetAndDestroy();
    sockets.add(socket);
    socket.setNoDelay(true);
    const parser = new RtspStreamParser();
    let mine: Publisher | undefined; // the publisher this player started
    let feeding: Publisher | undefined; // the publisher this socket is
    const session = String(100000 + nextId++);
    socket.on('close', () => {
      sockets.delete(socket);
      if (mine) kill(mine);
      if (feeding) feedingPlayer.get(feeding)?.end();
    });
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      let chunks: RtspChunk[];
      try {
        chunks = parser.push(data);
      } catch {
        return void socket.destroy();
      }
      for (const c of chunks) {
        if (c.kind === 'data') {
          const player = feeding && feedingPlayer.get(feeding);
          if (feeding && player) forward(feeding, player, c);
          continue;
        }
        void handle(c).catch(() => socket.destroy());
      }
    });

    async function handle(m: Extract<RtspChunk, { kind: 'message' }>) {
      const [method = '', url = ''] = m.line.split(' ');
      const cseq = m.headers.get('cseq') ?? '0';
      if (method.startsWith('RTSP/')) return; // a response: nothing asked
      const path = pathOf(url);
      const pub = /^\/_publish\/(p\d+)/.exec(path)?.[1];
      if (pub && !feeding) {
        feeding = publishers.get(pub);
        if (!feeding) return reply(socket, cseq, '404 Not Found');
        feeding.socket = socket;
      }
      const transport = m.headers.get('transport') ?? '';
      const interleaved = /interleaved=(\d+)/.exec(transport)?.[1];
      switch (method) {
        case 'OPTIONS':
          return reply(socket, cseq, '200 OK', {
            Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, ANNOUNCE, RECORD',
          });
        case 'ANNOUNCE':
          feeding?.announce(m.body.toString('utf8'));
          return reply(socket, cseq, feeding ? '200 OK' : '455 Method Not Valid in This State');
        case 'DESCRIBE': {
          if (!path.replace(/\/+$/, '').endsWith(streamPath)) return reply(socket, cseq, '404 Not Found');
          if (mine) kill(mine);
          mine = spawnPublisher();
          feedingPlayer.set(mine, socket);
          const sdp = await withTimeout(mine.announced, 15_000).catch(() => undefined);
          if (sdp === undefined) return reply(socket, cseq, '503 Service Unavailable');
          const base = url.endsWith('/') ? url : `${url}/`;
          return reply(socket, cseq, '200 OK', { 'Content-Base': base, 'Content-Type': 'application/sdp' }, sdp);
        }
        case 'SETUP': {
          const target = feeding ?? mine;
          if (!target || interleaved === undefined || !/TCP/i.test(transport)) {
            return reply(socket, cseq, '461 Unsupported Transport');
          }
          (feeding ? target.pubTracks : target.playTracks).set(controlOf(url), Number(interleaved));
          return reply(socket, cseq, '200 OK', { Transport: transport, Session: `${session};timeout=60` });
        }
        case 'RECORD':
          if (!feeding) return reply(socket, cseq, '455 Method Not Valid in This State');
          feeding.holdRecord = () => reply(socket, cseq, '200 OK', { Session: session });
          if (feeding.playing) feeding.holdRecord();
          return;
        case 'PLAY':
          if (!mine) return reply(socket, cseq, '455 Method Not Valid in This State');
          reply(socket, cseq, '200 OK', { Session: session, Range: 'npt=0.000-' });
          mine.playing = true;
          mine.holdRecord?.();
          return;
        case 'TEARDOWN':
          reply(socket, cseq, '200 OK', { Session: session });
          return void socket.end();
        case 'GET_PARAMETER':
        case 'SET_PARAMETER':
          return reply(socket, cseq, '200 OK', { Session: session });
        default:
          return reply(socket, cseq, '501 Not Implemented');
      }
    }
  }

  const server = createServer(onConnection);
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  const dropAll = async () => {
    const all = [...publishers.values()];
    for (const p of all) kill(p);
    for (const s of sockets) s.destroy();
    await Promise.all(all.map((p) => p.exited));
  };

  return {
    url: `rtsp://127.0.0.1:${port}${streamPath}`,
    port,
    publisherPids: () => [...publishers.values()].flatMap((p) => (p.proc.pid === undefined ? [] : [p.proc.pid])),
    connections: () => sockets.size,
    dropConnections: dropAll,
    async setAvailable(up: boolean) {
      available = up;
      if (!up) await dropAll();
    },
    async stop() {
      available = false;
      const closed = new Promise<void>((done) => server.close(() => done()));
      await dropAll();
      await closed;
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error('timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
