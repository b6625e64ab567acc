import { describe, expect, it } from 'vitest';
import { callersFirst } from '../../src/scan/moduleOrder';

describe('callersFirst', () => {
  const order = (edges: Record<string, string[]>) => callersFirst(Object.keys(edges), (k) => k, (k) => edges[k]!);

  it('puts every module after the files that call it', () => {
    expect(order({ 'modules/net': ['modules/subnet'], 'modules/subnet': [], main: ['modules/net', 'modules/data'], 'modules/data': [] })).toEqual([
      'main',
      'modules/net',
      'modules/data',
      'modules/subnet',
    ]);
  });

  it('keeps discovery order for cycles and ignores calls to what is not scanned', () => {
    expect(order({ a: ['b', 'elsewhere'], b: ['a'], c: [] })).toEqual(['c', 'a', 'b']);
  });
});
