// plain(): the stack's values as the mapping reads them. Copy on write: what is plain already is
// shared, only the way to an unknown (or a proxy, a class instance) is copied, and the input is
// never changed.
import * as assert from "node:assert/strict";
import { UNKNOWN, plain } from "../../policypack/mapping";

/** The SDK's own proxy (internal: proxy.d.ts declares nothing). */

const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T extends object>(value: T): T;
};

const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Props as the SDK deserializes them for one policy call. */
function props(): Record<string, unknown> {
  return {
    bucket: "orders-src",
    tags: { team: "data" },
    rules: [
      { id: "a", destination: { bucket: "arn:aws:s3:::orders-dst" } },
      { id: "b", destination: { bucket: UNKNOWN_SENTINEL, storageClass: "STANDARD" } },
    ],
  };
}

describe("mapping: plain values (copy on write)", () => {
  it("shares a value with nothing to change, behind the SDK's proxy: no copy of the stack", () => {
    const raw = { bucket: "orders-src", rules: [{ id: "a", filter: {} }] };
    assert.equal(plain(unknownCheckingProxy(raw)), raw);
  });

  it("copies only the way to an unknown: the unknown marked, its siblings shared, the input unchanged", () => {
    const raw = props();
    const before = JSON.stringify(raw);
    const out = plain(unknownCheckingProxy(raw)) as Record<string, Record<string, unknown>[]>;
    const rules = raw["rules"] as Record<string, unknown>[];
    assert.notEqual(out, raw);
    assert.equal(out["tags"], raw["tags"]);
    assert.notEqual(out["rules"], rules);
    assert.equal(out["rules"]?.[0], rules[0]);
    assert.deepEqual(out["rules"]?.[1], {
      id: "b",
      destination: { bucket: UNKNOWN, storageClass: "STANDARD" },
    });
    assert.deepEqual(Object.keys(out), ["bucket", "tags", "rules"]);
    assert.equal(JSON.stringify(raw), before);
  });

  it("copies a class instance into a plain object of its own keys, and cuts values nested too deep", () => {
    class Asset {
      constructor(readonly path: string) {}
    }
    const out = plain({ asset: new Asset("a.txt") }) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out["asset"]), Object.prototype);
    assert.deepEqual(out["asset"], { path: "a.txt" });
    let deep: unknown = "bottom";
    for (let i = 0; i < 45; i++) deep = { next: deep };
    let walked = plain(deep) as Record<string, unknown> | undefined;
    let depth = 0;
    while (walked !== undefined && typeof walked === "object") {
      walked = walked["next"] as Record<string, unknown> | undefined;
      depth++;
    }
    assert.equal(depth, 41);
    assert.equal(walked, undefined);
  });
});
