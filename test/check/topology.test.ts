// The checker's topology comes from the stack model the policies use: the shapes the old second
// parser got wrong (BucketV2 inline `destinations`, a source bucket named by string, partitions).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPolicies } from "../../policypack/testing";
import { buildTopology } from "../../policypack/check/topology";
import { enabledVersioning, replicateAll, replicationRole } from "../support/replicationStack";

describe("check: topology from the stack model", () => {
  it("a BucketV2 inline replicationConfigurations rule (`destinations`) is a path", async () => {
    const r = await runPolicies(
      () => {
        const role = replicationRole("role");
        const dst = new aws.s3.BucketV2("dst", { bucket: "topo-v2-dst", versionings: [{ enabled: true }] });
        new aws.s3.BucketV2("src", {
          bucket: "topo-v2-src",
          versionings: [{ enabled: true }],
          replicationConfigurations: [
            {
              role: role.arn,
              rules: [
                {
                  id: "all",
                  status: "Enabled",
                  priority: 1,
                  filters: [{}],
                  deleteMarkerReplicationStatus: "Disabled",
                  destinations: [{ bucket: dst.arn }],
                },
              ],
            },
          ],
        });
      },
      { policies: [] },
    );
    const topology = buildTopology(r.resources);
    assert.deepEqual(
      topology.paths.map((p) => [p.id, p.ruleId, p.role?.name !== undefined]),
      [["topo-v2-src -> topo-v2-dst", "all", true]],
    );
  });

  it("an existing source bucket named by string gets the account and region of the provider configuring it", async () => {
    const r = await runPolicies(
      () => {
        const frankfurt = new aws.Provider("frankfurt", {
          region: "eu-central-1",
          assumeRoles: [{ roleArn: "arn:aws:iam::333333333333:role/deployer" }],
        });
        const dst = new aws.s3.Bucket("dst", { bucket: "topo-str-dst" }, { provider: frankfurt });
        const role = replicationRole("role", undefined, { provider: frankfurt });
        enabledVersioning("src-versioning", "topo-existing-src", { provider: frankfurt });
        replicateAll(
          "replication",
          { source: "topo-existing-src", role: role.arn, destinationArn: dst.arn, priority: 1 },
          { provider: frankfurt },
        );
      },
      { policies: [] },
    );
    const [path] = buildTopology(r.resources).paths;
    assert.ok(path);
    assert.deepEqual(
      [path.source.name, path.source.account, path.source.region],
      ["topo-existing-src", "333333333333", "eu-central-1"],
    );
    assert.ok(path.source.urns.length >= 1, "the versioning resource belongs to the source");
  });

  it("a bucket the stack configures but does not create has the partition of its region (aws-cn)", async () => {
    const r = await runPolicies(
      () => {
        const beijing = new aws.Provider("beijing", { region: "cn-north-1" });
        enabledVersioning("versioning", "topo-cn", { provider: beijing });
      },
      { policies: [] },
    );
    const bucket = buildTopology(r.resources).buckets.find((b) => b.name === "topo-cn");
    assert.equal(bucket?.region, "cn-north-1");
    assert.equal(bucket?.arn, "arn:aws-cn:s3:::topo-cn");
  });
});
