import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedList } from '../../src/accumulate/keyed-list.js';
import { PersistentList } from '../../src/accumulate/persistent-list.js';

// A list of operations is applied both to a PersistentList and to a plain array copied at every
// step; every version ever made must still read as the array did when it was made.
const operation = fc.oneof(
  { weight: 3, arbitrary: fc.record({ push: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ set: fc.nat(), value: fc.integer() }) },
);

describe('PersistentList', () => {
  it('keeps every version as it was while later versions push and set, across trie levels', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 1200 }), (operations) => {
        let list = PersistentList.empty<number>();
        let model: number[] = [];
        const versions: Array<[PersistentList<number>, number[]]> = [[list, model]];
        for (const op of operations) {
          if ('push' in op) {
            list = list.push(op.push);
            model = [...model, op.push];
          } else if (model.length > 0) {
            const at = op.set % model.length;
            list = list.set(at, op.value);
            model = model.map((v, n) => (n === at ? op.value : v));
          }
          versions.push([list, model]);
        }
        for (const [version, expected] of versions) {
          expect(version.length).toBe(expected.length);
          expect(version.toArray()).toEqual(expected);
          if (expected.length > 0) expect(version.get(expected.length - 1)).toBe(expected.at(-1));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('holds 40 000 elements, beyond three levels of 32, in order', () => {
    let list = PersistentList.empty<number>();
    for (let n = 0; n < 40_000; n++) list = list.push(n);
    const changed = list.set(39_999, -1).set(0, -2);
    expect(list.toArray()).toEqual(Array.from({ length: 40_000 }, (_, n) => n));
    expect(changed.get(0)).toBe(-2);
    expect(changed.get(39_999)).toBe(-1);
    expect(changed.get(20_000)).toBe(20_000);
  });

  it('gives the same array on every read of one version', () => {
    const list = PersistentList.empty<string>().push('a');
    expect(list.toArray()).toBe(list.toArray());
  });

  it('refuses a position outside the list, naming it', () => {
    expect(() => PersistentList.empty<string>().push('a').set(1, 'b')).toThrow(/position 1 .* list of 1/);
    expect(PersistentList.empty<string>().get(0)).toBeUndefined();
  });
});

describe('KeyedList', () => {
  it('adds by new key, replaces by known key, and leaves earlier versions alone', () => {
    const list = new KeyedList<string, string>();
    list.put('a', 'a1');
    list.put('b', 'b1');
    const before = list.items;
    list.put('a', 'a2');
    list.put('b', `${list.get('b')}+`);
    expect(before.toArray()).toEqual(['a1', 'b1']);
    expect(list.items.toArray()).toEqual(['a2', 'b1+']);
    expect(list.has('a') && !list.has('c')).toBe(true);
    expect(list.get('b')).toBe('b1+');
    expect(list.get('c')).toBeUndefined();
  });
});
