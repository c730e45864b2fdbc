/**
 * The most rules S3 accepts in one replication configuration, as a program: 1,000 destinations
 * construct to completion under the offline harness, each destination's resources depending on a
 * fixed few (about 25 s: a slow release check, run by `npm run test:release`).
 */

import * as assert from "node:assert";
import { RunResult } from "../../policypack/testing";
import { fanOutArgs, input, runReplication } from "../components/support";

describe("S3Replication with 1,000 destinations", function () {
  this.timeout(600000);

  it("1,000 destinations (S3's most rules per configuration) construct to completion, every destination's resources depending on a fixed few", async () => {
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
    const ten = shape(await runReplication(fanOutArgs(10)));
    const thousand = shape(await runReplication(fanOutArgs(1000)));
    assert.strictEqual(thousand.rules, 1000);
    assert.strictEqual(thousand.destinationSide, 100 * ten.destinationSide);
    // Every destination-side resource depends on as many resources as with 10 destinations.
    assert.strictEqual(thousand.perDestinationMax, ten.perDestinationMax);
    // Resources and dependency entries: 100x the destinations, 100x the entries (plus the source's fixed part), never 100^2.
    assert.ok(thousand.resources <= 100 * ten.resources, `resources ${ten.resources} -> ${thousand.resources}`);
    assert.ok(thousand.total <= 100 * ten.total, `dependency entries ${ten.total} -> ${thousand.total}`);
  });
});
