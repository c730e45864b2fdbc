/** Many destinations: each policy depends only on what it serves; construction-time checks stay linear; S3's rule limit is said at construction. */

import * as assert from "node:assert";
import { Destination, Encryption, S3ReplicationArgs, constructionIssues } from "../../components";
import { RunResult } from "../../policypack/testing";
import { DEST_ROLE, input, runReplication } from "./support";

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

  it("construction-time checks grow linearly (1,000 destinations, each account known only through its role)", () => {
    const time = (n: number): number => {
      const args: S3ReplicationArgs = { source: {}, destinations: destinations(n) };
      const start = process.hrtime.bigint();
      assert.deepStrictEqual(constructionIssues(args), []);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    time(100);
    const t100 = Math.min(time(100), time(100));
    const t1000 = Math.min(time(1000), time(1000));
    // Quadratic checks took 100x; linear ones about 10x (generous bound for a loaded machine).
    assert.ok(t1000 < 40 * t100 + 50, `100: ${t100.toFixed(1)} ms, 1000: ${t1000.toFixed(1)} ms`);
  });

  it("1,000 destinations (S3's most rules per configuration) construct to completion, every destination's resources depending on a fixed few", async () => {
    // Existing SSE-S3 destination buckets in two Regions, alarms off: per destination the bucket block
    // (versioning, default encryption) and one rule; the smallest program with 1,000 rules.
    const fanOut = (n: number): S3ReplicationArgs => ({
      source: { encryption: Encryption.SseS3 },
      destinations: Array.from({ length: n }, (_, i) => ({
        name: `d${i}`,
        region: i % 2 === 0 ? "eu-west-1" : "us-west-2",
        existingBucketName: `fan-out-${i}`,
        encryption: Encryption.SseS3,
      })),
      alarms: false,
    });
    const shape = (r: RunResult) => {
      const deps = (x: RunResult["resources"][number]): number =>
        new Set([...x.dependencies, ...Object.values(x.propertyDependencies).flat()]).size;
      const destinationSide = r.resources.filter((x) => /^orders-to-d\d+-/.test(x.name));
      const config = r.resources.find((x) => x.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
      return {
        resources: r.resources.length,
        total: r.resources.reduce((sum, x) => sum + deps(x), 0),
        perDestinationMax: Math.max(...destinationSide.map(deps)),
        destinationSide: destinationSide.length,
        rules: (input(config ?? assert.fail("no replication configuration"), "rules") as unknown[]).length,
      };
    };
    const ten = shape(await runReplication(fanOut(10)));
    const thousand = shape(await runReplication(fanOut(1000)));
    assert.strictEqual(thousand.rules, 1000);
    assert.strictEqual(thousand.destinationSide, 100 * ten.destinationSide);
    // Every destination-side resource depends on as many resources as with 10 destinations.
    assert.strictEqual(thousand.perDestinationMax, ten.perDestinationMax);
    // Resources and dependency entries: 100x the destinations, 100x the entries (plus the source's fixed part), never 100^2.
    assert.ok(thousand.resources <= 100 * ten.resources, `resources ${ten.resources} -> ${thousand.resources}`);
    assert.ok(thousand.total <= 100 * ten.total, `dependency entries ${ten.total} -> ${thousand.total}`);
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
