// getCallerIdentity / getRegion / getPartition are answered per provider, from the provider's
// own configuration.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCOUNT, runPolicies } from "../../policypack/testing";
import { recordingPolicies } from "./fixtures";

function identities(): Record<string, pulumi.Output<unknown>> {
  const assumed = new aws.Provider("assumed", {
    region: "eu-central-1",
    assumeRoles: [{ roleArn: "arn:aws:iam::555555555555:role/path/deployer" }],
  });
  const allowed = new aws.Provider("allowed", { region: "us-west-2", allowedAccountIds: ["666666666666"] });
  const mapped = new aws.Provider("mapped", { region: "cn-north-1" });
  const plain = new aws.Provider("plain", { region: "us-gov-west-1" });
  const who = (p?: aws.Provider) => aws.getCallerIdentityOutput({}, p === undefined ? {} : { provider: p });
  return {
    assumed: who(assumed),
    allowed: who(allowed).accountId,
    mapped: who(mapped).accountId,
    plain: who(plain).accountId,
    default: who().accountId,
    regionAssumed: aws.getRegionOutput({}, { provider: assumed }).region,
    regionDefault: aws.getRegionOutput({}).name,
    regionArg: aws.getRegionOutput({ region: "sa-east-1" }, { provider: assumed }).region,
    partitionMapped: aws.getPartitionOutput({}, { provider: mapped }),
    partitionPlain: aws.getPartitionOutput({}, { provider: plain }).partition,
  };
}

describe("harness: provider functions answered per provider", () => {
  it("reads the account from assumeRoles, allowedAccountIds, options.accounts, else the default", async () => {
    const r = await runPolicies(identities, {
      ...recordingPolicies(),
      stackConfig: { "aws:region": "ap-south-1" },
      accounts: { mapped: "777777777777" },
    });
    const out = r.resources.find((x) => x.type === "pulumi:pulumi:Stack")?.outputs ?? {};
    assert.deepEqual(out["assumed"], {
      id: "555555555555",
      accountId: "555555555555",
      arn: "arn:aws:sts::555555555555:assumed-role/deployer/pulumi-offline-harness",
      userId: (out["assumed"] as Record<string, string>)["userId"],
    });
    assert.equal(out["allowed"], "666666666666");
    assert.equal(out["mapped"], "777777777777");
    assert.equal(out["plain"], DEFAULT_ACCOUNT);
    assert.equal(out["default"], DEFAULT_ACCOUNT);
    assert.equal(out["regionAssumed"], "eu-central-1");
    assert.equal(out["regionDefault"], "ap-south-1");
    assert.equal(out["regionArg"], "sa-east-1");
    assert.deepEqual(out["partitionMapped"], {
      id: "aws-cn",
      partition: "aws-cn",
      dnsSuffix: "amazonaws.com.cn",
      reverseDnsPrefix: "cn.com.amazonaws",
    });
    assert.equal(out["partitionPlain"], "aws-us-gov");
  });

  it("registers the default provider when only a provider function uses it", async () => {
    const r = await runPolicies(() => ({ id: aws.getCallerIdentityOutput({}).accountId }), recordingPolicies());
    assert.deepEqual(r.resources.map((x) => x.name).sort(), ["default_7_48_0", "project-stack"]);
  });
});
