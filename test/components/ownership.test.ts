/**
 * Least privilege in what S3Replication generates: a cross-account destination bucket the
 * component creates has BucketOwnerEnforced, which gives the destination owner every replica
 * ("Controlling ownership of objects and disabling ACLs for your bucket"), so no ownership
 * override and no s3:ObjectOwnerOverrideToBucketOwner by default. An existing cross-account
 * bucket (whose ownership setting this stack does not control) keeps the override, and so does
 * an explicit request.
 */

import * as assert from "node:assert";
import { ReplicaOwnership } from "../../components";
import { DEST_ROLE, all, input, runReplication } from "./support";

const RULES = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

async function override(destination: Record<string, unknown>): Promise<{ rule: boolean; grants: boolean }> {
  const r = await runReplication({
    source: {},
    destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE, ...destination }],
  });
  const rules = all(r, RULES).flatMap(
    (config) => input(config, "rules") as Array<{ destination: { accessControlTranslation?: unknown } }>,
  );
  const policies = JSON.stringify(
    [...all(r, "aws:iam/rolePolicy:RolePolicy"), ...all(r, "aws:s3/bucketPolicy:BucketPolicy")].map((p) =>
      input(p, "policy"),
    ),
  );
  return {
    rule: rules.some((rule) => rule.destination.accessControlTranslation !== undefined),
    grants: policies.includes("s3:ObjectOwnerOverrideToBucketOwner"),
  };
}

describe("S3Replication: ownership override only where it is needed", () => {
  it("a created cross-account destination (BucketOwnerEnforced): no override, no s3:ObjectOwnerOverrideToBucketOwner", async () => {
    assert.deepStrictEqual(await override({}), { rule: false, grants: false });
  });
  it("an existing cross-account destination bucket keeps the override", async () => {
    assert.deepStrictEqual(await override({ existingBucketName: "legacy-orders-dr" }), { rule: true, grants: true });
  });
  it("asking for it (replicaOwnership Destination) keeps it on a created bucket", async () => {
    assert.deepStrictEqual(await override({ replicaOwnership: ReplicaOwnership.Destination }), {
      rule: true,
      grants: true,
    });
  });
});
