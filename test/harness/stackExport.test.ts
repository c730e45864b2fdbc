// toStackExport writes a run as `pulumi stack export` (deployment version 3).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, toStackExport, SIG_KEY, SECRET_SIG, type StackExport } from "../../policypack/testing";
import { recordingPolicies, replicationProgram } from "./fixtures";

describe("harness: toStackExport", () => {
  it("has the version-3 deployment shape and survives a JSON round trip", async () => {
    const result = await runPolicies(
      () => {
        const program = replicationProgram();
        new aws.s3.Bucket("secretive", { tags: { owner: pulumi.secret("alice") } }, { protect: true });
        return program();
      },
      { project: "proj", stack: "dev", ...recordingPolicies() },
    );
    const exported = toStackExport(result, new Date("2025-01-02T03:04:05Z"));
    const text = JSON.stringify(exported);
    const back = JSON.parse(text) as StackExport;
    assert.deepEqual(back, exported);
    assert.equal(back.version, 3);
    assert.equal(back.deployment.manifest.time, "2025-01-02T03:04:05.000Z");
    assert.match(back.deployment.manifest.magic, /^[0-9a-f]{64}$/);
    assert.equal(back.deployment.resources.length, result.resources.length);

    const urns = new Set(back.deployment.resources.map((r) => r.urn));
    for (const r of back.deployment.resources) {
      assert.deepEqual(
        Object.keys(r).filter(
          (k) =>
            ![
              "urn",
              "custom",
              "id",
              "type",
              "inputs",
              "outputs",
              "parent",
              "protect",
              "dependencies",
              "provider",
              "propertyDependencies",
              "additionalSecretOutputs",
              "retainOnDelete",
              "ignoreChanges",
              "external",
            ].includes(k),
        ),
        [],
        r.urn,
      );
      if (r.parent !== undefined) assert.ok(urns.has(r.parent), `parent of ${r.urn}`);
      for (const d of r.dependencies ?? []) assert.ok(urns.has(d), `dependency of ${r.urn}`);
      if (r.provider !== undefined) {
        const sep = r.provider.lastIndexOf("::");
        const provider = back.deployment.resources.find((p) => p.urn === r.provider?.slice(0, sep));
        assert.ok(provider, `provider of ${r.urn}`);
        assert.equal(r.provider.slice(sep + 2), provider.id);
        assert.ok(
          back.deployment.resources.indexOf(provider) < back.deployment.resources.indexOf(r),
          "providers first",
        );
      }
    }
    const stack = back.deployment.resources[0];
    assert.equal(stack?.type, "pulumi:pulumi:Stack");
    assert.equal(stack?.id, undefined);
    assert.equal(stack?.custom, false);
    const source = back.deployment.resources.find((r) => r.urn.endsWith("::source"));
    assert.equal(source?.custom, true);
    assert.match(source?.provider ?? "", /^urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0::[0-9a-f-]{36}$/);
    const secretive = back.deployment.resources.find((r) => r.urn.endsWith("::secretive"));
    assert.equal(secretive?.protect, true);
    assert.deepEqual((secretive?.inputs?.["tags"] as Record<string, unknown>)["owner"], {
      [SIG_KEY]: SECRET_SIG,
      plaintext: '"alice"',
    });
    const versioning = back.deployment.resources.find((r) => r.urn.endsWith("::dr-versioning"));
    assert.equal(versioning?.propertyDependencies?.["bucket"]?.length, 1);
  });
});
