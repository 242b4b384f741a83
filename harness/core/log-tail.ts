import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Only the end of a log is read for a tail: service logs are appended across restarts and can grow large. */
const TAIL_BYTES = 64 * 1024;

/** Reads `file` from the offset `from(size)` picks to its end, without escape codes; empty when there is no file. */
function readEnd(file: string, from: (size: number) => number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const offset = Math.min(size, Math.max(0, from(size)));
    const buffer = Buffer.alloc(size - offset);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, read).toString('utf8').replace(ANSI, '');
  } finally {
    closeSync(fd);
  }
}

/** The log written from byte `offset` on (e.g. since a process started). */
export function readLogSince(file: string, offset: number): string {
  return readEnd(file, () => offset);
}

/** The last `lines` lines of a log file (at most its final 64 KiB), without escape codes; empty when there is no file. */
export function readLogTail(file: string, lines = 30): string {
  return readEnd(file, (size) => size - TAIL_BYTES)
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .join('\n');
}
