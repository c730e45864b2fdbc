/**
 * What a statement of the replication role's policies grants beyond replication: a statement
 * naming only replication's own S3 and KMS actions reaches beyond it through its resources alone.
 */

import assert from "node:assert/strict";
import { PolicyStatement } from "../../components/model/policyDocument";
import { statementExcess } from "../../components/model/roleSecurity";
import { securityScope } from "../../components/model/securityScope";
import { happyFound } from "../support/securityFound";

describe("roleSecurity: a statement's excess", () => {
  const found = happyFound();
  const scope = securityScope(found);
  const [bucket] = [...scope.bucketNames];
  const [key] = [...scope.keyArns];
  const excessOf = (statement: Omit<PolicyStatement, "Effect">): string[] =>
    statementExcess({ Effect: "Allow", ...statement }, scope).map((excess) => excess.what);

  it("names only the resources of a statement of replication's own actions", () => {
    const use = ["s3:ReplicateObject", "S3:GetObjectVersionForReplication", "kms:Decrypt"];
    assert.deepEqual(excessOf({ Action: use, Resource: [`arn:aws:s3:::${bucket}/*`, key!] }), []);
    assert.deepEqual(excessOf({ Action: use, Resource: "arn:aws:s3:::another-bucket/*" }), []);
    assert.deepEqual(excessOf({ Action: use, Resource: "*" }), [
      "S3 actions on * (not a bucket of this replication)",
      "KMS actions on * (not a key of this replication)",
    ]);
    assert.deepEqual(excessOf({ Action: use, Resource: "arn:aws:s3:::*" }), [
      "S3 actions on arn:aws:s3:::* (not a bucket of this replication)",
    ]);
  });

  it("judges the other actions of a statement as before: writes, IAM, STS and other services", () => {
    assert.deepEqual(
      excessOf({ Action: ["s3:ReplicateObject", "s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/*` }),
      [`s3:PutObject on this replication's buckets (replication never makes these requests)`],
    );
    assert.deepEqual(excessOf({ Action: ["s3:ReplicateObject", "sts:AssumeRole"], Resource: "*" }), [
      "sts:AssumeRole (acts as other roles)",
      "S3 actions on * (not a bucket of this replication)",
    ]);
    assert.deepEqual(excessOf({ Action: ["s3:Replicate*"], Resource: "*" }), [
      "S3 actions on * (not a bucket of this replication)",
    ]);
    assert.deepEqual(excessOf({ NotAction: ["s3:ReplicateObject"], Resource: `arn:aws:s3:::${bucket}` }), [
      "every action of every service",
    ]);
  });
});
