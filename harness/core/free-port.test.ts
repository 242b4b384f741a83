import { describe, expect, it } from 'vitest';
import { getFreePort, getFreePorts } from './free-port.ts';

describe('getFreePort', () => {
  it('concurrent calls get distinct ports, as two profiles starting at once do', async () => {
    const ports = await Promise.all([
      ...Array.from({ length: 20 }, () => getFreePort()),
      getFreePorts(3),
      getFreePorts(3),
    ]);
    const all = ports.flat();
    expect(all).toHaveLength(26);
    expect(new Set(all).size).toBe(26);
  });

  it('never hands out a port twice in one process', async () => {
    const first = await getFreePorts(5);
    const later = await Promise.all(Array.from({ length: 10 }, () => getFreePort()));
    expect(later.filter((port) => first.includes(port))).toEqual([]);
  });
});
