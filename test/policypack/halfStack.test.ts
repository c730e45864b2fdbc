// Half-stacks (issue 18 items 1 and 2): the replication role in a central IAM stack, or the
// destination in another account's stack. The pack judges every document the stack holds against
// the ARNs the rule names, never claims a breakage that depends on the other stack's unseen
// documents, and states as an advisory contract (S3R066 role, S3R067 destination) the exact
// statements the other side must hold: the statements the components write.
import * as assert from "node:assert/strict";
import type { PolicyStatement } from "s3-replication/components/model";
import { runPolicies, type RunResult, type Violation } from "../../policypack/testing";
import {
  crossAccountExports,
  denyOnly,
  IAM_STACK,
  roleOutsideProgram,
  RoleSource,
  sourceProgram,
} from "../check/fixtures/crossAccount";
import { documentsFor, DST_BUCKET, ROLE_ARN } from "./program";

const mandatory = (r: RunResult): Violation[] => r.violations.filter((v) => v.enforcementLevel === "mandatory");
const withCode = (r: RunResult, code: string): Violation[] =>
  r.violations.filter((v) => v.message.includes(`[${code} `));

/** The statements a contract advisory lists (the JSON after "these statements: "). */
function contractStatements(v: Violation): PolicyStatement[] {
  const json = v.message.slice(v.message.indexOf("these statements: ") + "these statements: ".length);
  return JSON.parse(json.split("\n")[0]!.replace(/ Fix: .*$/, "")) as PolicyStatement[];
}

const withoutSid = (statements: PolicyStatement[]): PolicyStatement[] =>
  statements.map(({ Sid: _sid, ...rest }) => rest);

const keyArnOf = (r: RunResult, region: string): string =>
  r.resources.find((x) => x.type === "aws:kms/key:Key" && String(x.outputs["arn"]).includes(`:${region}:`))!.outputs[
    "arn"
  ] as string;

describe("half-stacks: role outside the stack (central IAM stack)", function () {
  this.timeout(600_000);
  const run = (role: RoleSource, broken: boolean): Promise<RunResult> =>
    runPolicies(roleOutsideProgram(role, broken ? { bucketPolicy: denyOnly } : {}), {
      stackReferences: { [IAM_STACK]: { replicationRoleArn: ROLE_ARN } },
    });

  for (const role of [RoleSource.Arn, RoleSource.StackReference]) {
    it(`${role}: a destination bucket policy that grants the role nothing is a mandatory finding naming the role`, async () => {
      const r = await run(role, true);
      const found = mandatory(r).filter((v) => v.policyName === "destination-bucket-policy");
      assert.ok(found.length > 0, r.violations.map((v) => v.message).join("\n"));
      for (const v of found)
        assert.match(
          v.message,
          /the bucket policy does not let arn:aws:iam::111111111111:role\/orders-replication s3:/,
        );
    });

    it(`${role}: the correct stack draws only the role contract, listing the exact statements the components write`, async () => {
      const r = await run(role, false);
      assert.deepEqual(
        mandatory(r).map((v) => v.message),
        [],
      );
      const [contract, ...more] = withCode(r, "S3R066");
      assert.ok(contract, r.violations.map((v) => v.message).join("\n"));
      assert.equal(more.length, 0);
      assert.equal(contract.enforcementLevel, "advisory");
      assert.match(
        contract.message,
        /the replication role arn:aws:iam::111111111111:role\/orders-replication is not in this stack/,
      );
      const docs = documentsFor(keyArnOf(r, "us-east-1"), keyArnOf(r, "eu-west-1"));
      // The same statements as the components write; only the Sids differ (the stack names the
      // destination by its bucket name, the components by the destination's name).
      assert.deepEqual(withoutSid(contractStatements(contract)), withoutSid(docs.roles[0]!.permissionPolicy.Statement));
      assert.deepEqual(withCode(r, "S3R067"), [], "the destination is in the stack: no destination contract");
    });
  }
});

describe("half-stacks: destination outside the stack (another account's stack)", function () {
  this.timeout(600_000);
  let dstKey: string;
  before(async () => {
    const exported = await crossAccountExports();
    dstKey = exported.destination.deployment.resources.find((x) => x.type === "aws:kms/key:Key")!.outputs![
      "arn"
    ] as string;
  });

  it("the correct source stack draws only the destination contracts: bucket policy and key policy statements, per path", async () => {
    const r = await runPolicies(sourceProgram(dstKey));
    assert.deepEqual(
      mandatory(r).map((v) => v.message),
      [],
    );
    const contracts = withCode(r, "S3R067");
    assert.equal(contracts.length, 2, r.violations.map((v) => v.message).join("\n"));
    const bucket = contracts.find((v) => v.message.includes("its bucket policy must hold"))!;
    const key = contracts.find((v) => v.message.includes("its key policy must hold"))!;
    assert.match(
      bucket.message,
      /the destination bucket arn:aws:s3:::orders-dst is not in this stack, .*; for orders-src -> orders-dst its bucket policy must hold/,
    );
    const docs = documentsFor(keyArnOf(r, "us-east-1"), dstKey);
    const replicationGrant = docs.buckets[DST_BUCKET]!.policy.Statement.filter((s) => s.Effect === "Allow");
    assert.deepEqual(withoutSid(contractStatements(bucket)), withoutSid(replicationGrant));
    assert.match(key.message, new RegExp(`the replica key ${dstKey} is not in this stack`));
    const actions = contractStatements(key).flatMap((s) => [s.Action].flat());
    assert.ok(actions.includes("kms:Encrypt"), actions.join(", "));
    assert.deepEqual(withCode(r, "S3R066"), [], "the role is in the stack: no role contract");
  });

  it("a role policy in the source stack that cannot write to the destination is still a mandatory finding", async () => {
    const r = await runPolicies(
      sourceProgram(dstKey, {
        rolePolicy: (doc) => ({
          ...doc,
          Statement: doc.Statement.filter((s) => !String(s.Sid).startsWith("Replicate")),
        }),
      }),
    );
    assert.ok(
      mandatory(r).some((v) => /may not s3:ReplicateObject/.test(v.message)),
      r.violations.map((v) => v.message).join("\n"),
    );
  });
});
