import assert from "node:assert/strict";
import { editDistance, nearestName } from "../../components/model/nearest";

describe("nearest names", () => {
  it("edit distance: insertions, deletions, substitutions; capped", () => {
    assert.equal(editDistance("format", "fromat"), 2);
    assert.equal(editDistance("config", "confg"), 1);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("abcdefgh", "a", 2), 3);
  });

  it("the nearest candidate within a third of the name's length, case-insensitive, first of equals", () => {
    const names = ["format", "config", "output", "objects-per-second"];
    assert.equal(nearestName("FORMAT", names), "format");
    assert.equal(nearestName("objects-per-sec", names), "objects-per-second");
    assert.equal(nearestName("zzzzzz", names), undefined);
    assert.equal(nearestName("ab", ["ax", "ay"]), "ax");
    assert.equal(
      nearestName("allowedDestinationAcounts", ["allowedDestinationAccounts", "allowedDestinationRegions"]),
      "allowedDestinationAccounts",
    );
  });
});
