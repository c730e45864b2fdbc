// The harness records what the engine would: engine URNs, parents, dependencies, property
// dependencies, provider references and default providers.
import * as assert from "node:assert/strict";
import { runPolicies, type RunResult } from "../../policypack/testing";
import { byName, DST_ROLE, recordingPolicies, replicationProgram } from "./fixtures";

const STACK = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const COMPONENT = "urn:pulumi:dev::proj::s3-replication:test:ReplicaSide::dr";

describe("harness: engine records", () => {
  let result: RunResult;
  before(async () => {
    result = await runPolicies(replicationProgram(), { project: "proj", stack: "dev", ...recordingPolicies() });
  });

  it("builds URNs as the engine does (parent's full qualified type, no Stack type)", () => {
    assert.equal(byName(result, "proj-dev").urn, STACK);
    assert.equal(byName(result, "dr").urn, COMPONENT);
    assert.equal(
      byName(result, "dr-bucket").urn,
      "urn:pulumi:dev::proj::s3-replication:test:ReplicaSide$aws:s3/bucket:Bucket::dr-bucket",
    );
    assert.equal(
      byName(result, "dr-dst").urn,
      "urn:pulumi:dev::proj::s3-replication:test:ReplicaSide$pulumi:providers:aws::dr-dst",
    );
    assert.equal(byName(result, "source").urn, "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::source");
  });

  it("records parents as declared", () => {
    assert.equal(byName(result, "proj-dev").parent, undefined);
    assert.equal(byName(result, "source").parent, STACK);
    assert.equal(byName(result, "dr").parent, STACK);
    for (const child of ["dr-dst", "dr-key", "dr-bucket", "dr-versioning"]) {
      assert.equal(byName(result, child).parent, COMPONENT, child);
    }
  });

  it("records dependencies and propertyDependencies as declared", () => {
    const versioning = byName(result, "dr-versioning");
    assert.deepEqual(
      [...versioning.dependencies].sort(),
      [byName(result, "dr-bucket").urn, byName(result, "dr-key").urn].sort(),
    );
    assert.deepEqual(versioning.propertyDependencies["bucket"], [byName(result, "dr-bucket").urn]);
    assert.deepEqual(versioning.propertyDependencies["versioningConfiguration"], []);
    assert.deepEqual(byName(result, "source").dependencies, []);
  });

  it("records explicit provider references and the provider's own inputs", () => {
    const provider = byName(result, "dr-dst");
    const bucket = byName(result, "dr-bucket");
    assert.ok(bucket.provider);
    assert.equal(bucket.provider.urn, provider.urn);
    assert.equal(bucket.provider.ref, `${provider.urn}::${provider.id}`);
    assert.equal(bucket.provider.props["region"], "eu-west-1");
    assert.equal(bucket.provider.props["version"], "7.48.0");
    // Explicit provider inputs travel JSON-encoded, as the Node SDK sends them.
    assert.deepEqual(JSON.parse(String(bucket.provider.props["assumeRoles"])), [
      { roleArn: DST_ROLE, externalId: "ext" },
    ]);
    assert.equal(provider.inputs["skipCredentialsValidation"], "false");
  });

  it("synthesizes the default provider as the engine names it, before its first user", () => {
    const def = byName(result, "default_7_48_0");
    assert.equal(def.urn, "urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0");
    assert.equal(def.type, "pulumi:providers:aws");
    assert.equal(def.parent, undefined);
    // Inputs = the stack's aws:* config + version; the stack sets no aws:region, so none is invented.
    assert.deepEqual(def.inputs, { version: "7.48.0" });
    assert.equal(def.defaultProvider, true);
    const source = byName(result, "source");
    assert.equal(source.provider?.ref, `${def.urn}::${def.id}`);
    assert.ok(result.resources.indexOf(def) < result.resources.indexOf(source));
    assert.equal(result.resources.filter((r) => r.name.startsWith("default_")).length, 1);
  });

  it("takes default provider inputs from the stack config", async () => {
    const r = await runPolicies(replicationProgram(), {
      stackConfig: { "aws:region": "ap-southeast-2", "aws:skipMetadataApiCheck": "true" },
      ...recordingPolicies(),
    });
    assert.deepEqual(byName(r, "default_7_48_0").inputs, {
      region: "ap-southeast-2",
      skipMetadataApiCheck: "true",
      version: "7.48.0",
    });
    assert.equal(byName(r, "source").outputs["region"], "ap-southeast-2");
  });

  it("hands the policies the same records (URN, parent, provider props) through the SDK's analyzer", async () => {
    const { policies, seen } = recordingPolicies();
    await runPolicies(replicationProgram(), { project: "proj", stack: "dev", policies });
    const analyzed = seen.resources.map((r) => r.urn);
    assert.deepEqual(
      analyzed,
      result.resources.map((r) => r.urn),
      "Analyze runs on every resource, in order",
    );
    const stack = seen.stacks[0];
    assert.ok(stack);
    const versioning = stack.resources.find((r) => r.name === "dr-versioning");
    assert.ok(versioning);
    assert.equal(versioning.parent?.urn, COMPONENT);
    // Analyze's options carry the parent (the engine's marshalResourceOptions); the Stack's children name it.
    const analyzedVersioning = seen.resources.find((r) => r.name === "dr-versioning");
    assert.equal(analyzedVersioning?.args.opts.parent, COMPONENT);
    assert.equal(
      seen.resources.find((r) => r.name === "source")?.args.opts.parent,
      "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
    );
    assert.equal(seen.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.args.opts.parent, undefined);
    assert.deepEqual(versioning.dependencies.map((d) => d.name).sort(), ["dr-bucket", "dr-key"]);
    assert.deepEqual(
      versioning.propertyDependencies["bucket"]?.map((d) => d.name),
      ["dr-bucket"],
    );
    assert.equal(versioning.propertyDependencies["versioningConfiguration"], undefined, "engine skips empty lists");
    assert.equal(versioning.provider?.props["region"], "eu-west-1");
    assert.equal(versioning.provider?.name, "dr-dst");
    assert.ok(stack.resources.some((r) => r.type === "pulumi:pulumi:Stack"));
    assert.ok(stack.resources.some((r) => r.name === "default_7_48_0"));
  });
});
