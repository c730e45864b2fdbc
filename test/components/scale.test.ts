/**
 * Many destinations: each policy depends only on what it serves; construction-time checks stay
 * linear; S3's rule limit is said at construction. The 1,000-destination program runs with the slow
 * release checks (test/release/scale.test.ts).
 */

import * as assert from "node:assert";
import { Destination, constructionIssues } from "../../components";
import { RunResult } from "../../policypack/testing";
import { DEST_ROLE, runReplication } from "./support";

const destinations = (n: number): Destination[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `d${i}`,
    region: i % 2 === 0 ? "eu-west-1" : "us-west-2",
    ...(i % 3 === 0 ? { assumeRoleArn: DEST_ROLE } : {}),
  }));

/** Dependency entries (property dependencies, summed) of the bucket and key policies. */
function policyDependencies(r: RunResult): { total: number; perPolicy: Map<string, number> } {
  const perPolicy = new Map<string, number>();
  for (const res of r.resources.filter(
    (x) => x.type === "aws:s3/bucketPolicy:BucketPolicy" || x.type === "aws:kms/keyPolicy:KeyPolicy",
  )) {
    perPolicy.set(res.name, new Set(Object.values(res.propertyDependencies).flat()).size);
  }
  return { total: [...perPolicy.values()].reduce((a, b) => a + b, 0), perPolicy };
}

describe("S3Replication with many destinations", function () {
  this.timeout(600000);

  it("a destination's bucket and key policies depend on the same few resources whatever the number of destinations (two-way too)", async () => {
    for (const twoWay of [false, true]) {
      const small = policyDependencies(await runReplication({ source: {}, destinations: destinations(4), twoWay }));
      const large = policyDependencies(await runReplication({ source: {}, destinations: destinations(16), twoWay }));
      for (const name of [
        "orders-to-d1-policy",
        "orders-to-d1-key-policy",
        "orders-to-d3-policy",
        "orders-to-d3-key-policy",
      ]) {
        assert.strictEqual(large.perPolicy.get(name), small.perPolicy.get(name), `${name} (twoWay=${String(twoWay)})`);
      }
      // 4x the destinations: at most 4x the dependency entries plus the source's own policies (linear, not quadratic).
      assert.ok(large.total <= 4 * small.total + 2 * 16, `twoWay=${String(twoWay)}: ${small.total} -> ${large.total}`);
    }
  });

  it("construction-time checks read each destination a fixed number of times (1,000 destinations, each account known only through its role)", () => {
    // Counted, not timed: every property read of every destination goes through a counting proxy.
    // A check comparing destinations pairwise reads them n^2 times; linear checks 10x for 10x.
    const reads = (n: number): number => {
      let count = 0;
      const counted = destinations(n).map(
        (d) =>
          new Proxy(d, {
            get(target, key, receiver) {
              count++;
              return Reflect.get(target, key, receiver) as unknown;
            },
          }),
      );
      assert.deepStrictEqual(constructionIssues({ source: {}, destinations: counted }), []);
      return count;
    };
    const r100 = reads(100);
    const r1000 = reads(1000);
    assert.ok(r100 > 100, `a destination is read at least once: ${r100} reads for 100`);
    assert.ok(r1000 <= 10 * r100, `100 destinations: ${r100} reads, 1000: ${r1000} reads`);
  });

  it("more destinations than S3's 1,000 rules per replication configuration: refused at construction, naming destinations", () => {
    const issues = constructionIssues({ source: {}, destinations: destinations(1001) });
    assert.deepStrictEqual(
      issues.map((i) => `${i.field}: ${i.problem}`),
      [
        "destinations: 1001 destinations need 1001 rules, but S3 accepts at most 1000 rules in one replication configuration",
      ],
    );
  });
});
