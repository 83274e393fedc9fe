/**
 * Reading witness files as they grow (R29): this host's file, which every Vigil process on the
 * host appends to, and the read-only files of processes on other machines
 * (`audit.peerWitnessFiles`). Each file is read on from where the last read stopped, whole lines
 * only (a line another process is writing right now is left for the next read).
 */
import { open } from 'node:fs/promises';
import { parseWitnessText, type WitnessLine } from './witness-format.ts';

async function readFrom(file: string, offset: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return '';
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

export interface WitnessReader {
  readonly files: readonly string[];
  /** The lines appended to any of the files since the last read. */
  read(): Promise<{ lines: WitnessLine[]; unreadable: { file: string; count: number }[] }>;
  /** The next read starts from the beginning of every file. */
  reset(): void;
}

export function witnessReader(files: readonly string[]): WitnessReader {
  const offsets = new Map<string, number>();
  return {
    files,
    async read() {
      const lines: WitnessLine[] = [];
      const unreadable: { file: string; count: number }[] = [];
      for (const file of files) {
        const offset = offsets.get(file) ?? 0;
        const parsed = parseWitnessText(await readFrom(file, offset));
        offsets.set(file, offset + parsed.consumed);
        lines.push(...parsed.lines);
        if (parsed.unreadable.length > 0) unreadable.push({ file, count: parsed.unreadable.length });
      }
      return { lines, unreadable };
    },
    reset() {
      offsets.clear();
    },
  };
}
