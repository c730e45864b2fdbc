/** The thin layer every check is: a check of single resources judges each resource of its types, in the stack's order. */

import assert from "node:assert/strict";
import type { StackValidationArgs } from "@pulumi/policy";
import { FindingCode, finding } from "../../components/model";
import { forgetStackArgs, resourceFindingCheck } from "../../policypack/policies/common";

describe("policies/common: checks of single resources", () => {
  const KEY = "aws:kms/key:Key";
  const REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
  const resource = (type: string, name: string): unknown => ({
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    props: {},
  });
  const args = {
    resources: [
      resource(REPLICA_KEY, "r1"),
      resource("aws:s3/bucket:Bucket", "b1"),
      resource(KEY, "k1"),
      resource(REPLICA_KEY, "r2"),
      resource(KEY, "k2"),
    ],
  } as unknown as Pick<StackValidationArgs, "resources">;

  it("judges each resource of its types once, in the stack's order, and reports against it", () => {
    const judged: string[] = [];
    const check = resourceFindingCheck({
      name: "keys",
      description: "Keys.",
      severity: "low",
      codes: [FindingCode.KeyStateInvalid],
      types: [KEY, REPLICA_KEY],
      judge: (plain, ref) => {
        judged.push(plain.name);
        return [
          finding(FindingCode.KeyStateInvalid, {
            subject: ref,
            detail: {},
            message: `${plain.name}.`,
            fix: "enable it",
          }),
        ];
      },
    });
    const reported: Array<string | undefined> = [];
    try {
      check.run(args, {}, (_message, urn) => reported.push(urn));
    } finally {
      forgetStackArgs();
    }
    assert.deepEqual(judged, ["r1", "k1", "r2", "k2"]);
    assert.deepEqual(
      reported.map((urn) => urn?.split("::").pop()),
      ["r1", "k1", "r2", "k2"],
    );
  });
});
