import { open } from 'node:fs/promises';

/** The last `lines` lines of a log file (reads at most the final 64 KiB); '' when the file is missing. */
export async function readLogTail(path: string, lines = 40): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } finally {
    await handle.close();
  }
}
