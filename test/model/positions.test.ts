/** A list's positions by key. */

import assert from "node:assert/strict";
import { indexOnce, positionsByKey } from "../../components/model/positions";

describe("positions: a list indexed by key", () => {
  it("gives each key the positions of its items, in the list's order", () => {
    const positions = positionsByKey(["b1", "a1", "b2", "c1", "a2"], (item) => item[0]!);
    assert.deepEqual(
      [...positions],
      [
        ["b", [0, 2]],
        ["a", [1, 4]],
        ["c", [3]],
      ],
    );
    assert.equal(positionsByKey([], String).size, 0);
  });

  it("builds the index of a list once, for as long as the list lives", () => {
    const indexes = new WeakMap<string[], number>();
    let built = 0;
    const list = ["a", "b"];
    const length = (of: string[]): number => {
      built++;
      return of.length;
    };
    assert.equal(indexOnce(indexes, list, length), 2);
    assert.equal(indexOnce(indexes, list, length), 2);
    assert.equal(indexOnce(indexes, ["c"], length), 1);
    assert.equal(built, 2);
  });
});
