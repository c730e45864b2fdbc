// Several runs in one process, one after another, share no state.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Policies } from "@pulumi/policy";
import { runPolicies, UNKNOWN } from "../../policypack/testing";
import { recordingPolicies } from "./fixtures";

function configEcho(seen: unknown[]): Policies {
  return [
    {
      name: "echo",
      description: "Echoes config and tags.",
      configSchema: { properties: { level: { type: "string", default: "base" } } },
      validateStack: (args) => {
        seen.push({ config: args.getConfig(), tags: [...args.stackTags.keys()] });
      },
    },
  ];
}

const program = () => {
  const b = new aws.s3.Bucket("x", { bucket: "shared-name" });
  return { arn: b.arn, region: new pulumi.Config("aws").get("region") };
};

describe("harness: runs are independent", () => {
  it("does not leak resources, mode, stack config, policy config or tags into the next run", async () => {
    const seen: unknown[] = [];
    const a = await runPolicies(program, {
      stack: "a",
      preview: true,
      stackConfig: { "aws:region": "eu-west-1" },
      config: { echo: { level: "custom" } },
      stackTags: { team: "a" },
      policies: configEcho(seen),
    });
    const b = await runPolicies(program, { stack: "b", policies: configEcho(seen) });
    assert.deepEqual(
      a.resources.map((r) => r.urn.split("::")[0]),
      Array(a.resources.length).fill("urn:pulumi:a"),
    );
    assert.deepEqual(
      b.resources.map((r) => r.urn.split("::")[0]),
      Array(b.resources.length).fill("urn:pulumi:b"),
    );
    assert.equal(b.resources.length, a.resources.length, "same program, same resources, no duplicates");
    const stackA = a.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const stackB = b.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    assert.deepEqual(stackA?.outputs, { arn: UNKNOWN, region: "eu-west-1" });
    // Run b sets no aws:region: the program reads none (the harness invents no config).
    assert.deepEqual(stackB?.outputs, { arn: "arn:aws:s3:::shared-name" });
    assert.deepEqual(seen, [
      { config: { level: "custom" }, tags: ["team"] },
      { config: { level: "base" }, tags: [] },
    ]);
  });

  it("runs cleanly after a failed run", async () => {
    await assert.rejects(
      runPolicies(() => {
        new aws.s3.Bucket("left-behind");
        void aws.ec2.getVpcs({}).catch(() => undefined);
        throw new Error("first run fails");
      }, recordingPolicies()),
      /first run fails/,
    );
    const { policies, seen } = recordingPolicies();
    const ok = await runPolicies(program, { policies });
    assert.deepEqual(
      ok.resources.map((r) => r.name),
      ["project-stack", "default_7_48_0", "x"],
    );
    assert.deepEqual(
      seen.resources.map((r) => r.name),
      ["project-stack", "default_7_48_0", "x"],
    );
  });
});
