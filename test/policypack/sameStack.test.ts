// samePlainResources: how every stack policy of one AnalyzeStack recognises the stack the first
// one mapped, without serialising it. A false "same" would judge a stack by another's model.
import * as assert from "node:assert/strict";
import { samePlainResources, toPlainResources } from "../../policypack/mapping";

/** The SDK's own proxy (internal: proxy.d.ts declares nothing). */

const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T extends object>(value: T): T;
};

const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A stack as the SDK's AnalyzeStack hands it to a policy: fresh objects, props behind the unknown-checking proxy. */
function stack(
  change: (props: Record<string, unknown>, deps: Record<string, string[]>) => void = () => undefined,
): unknown[] {
  const props: Record<string, unknown> = {
    bucket: "orders-src",
    versioningConfiguration: { status: "Enabled", mfaDelete: null },
    rules: [{ id: "dr", priority: 1, destination: { bucket: "arn:aws:s3:::orders-dst" } }],
  };
  const deps: Record<string, string[]> = { bucket: ["urn:b"] };
  change(props, deps);
  const bucket = {
    type: "aws:s3/bucket:Bucket",
    name: "b",
    urn: "urn:b",
    props: unknownCheckingProxy({ bucket: "orders-src" }),
    dependencies: [],
    propertyDependencies: {},
  };
  const provider = {
    type: "pulumi:providers:aws",
    name: "src",
    urn: "urn:p",
    props: unknownCheckingProxy({ region: "us-east-1" }),
  };
  const versioning = {
    type: "aws:s3/bucketVersioning:BucketVersioning",
    name: "v",
    urn: "urn:v",
    props: unknownCheckingProxy(JSON.parse(JSON.stringify(props)) as Record<string, unknown>),
    dependencies: [bucket],
    propertyDependencies: Object.fromEntries(
      Object.entries(deps).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))]),
    ),
    provider,
  };
  return [bucket, versioning];
}

describe("mapping: samePlainResources", () => {
  const mapped = toPlainResources(stack());

  it("recognises another copy of the same stack", () => {
    assert.equal(samePlainResources(stack(), mapped), true);
  });

  const changes: Array<[string, (props: Record<string, unknown>, deps: Record<string, string[]>) => void]> = [
    [
      "a nested string",
      (props) => {
        (props["versioningConfiguration"] as Record<string, unknown>)["status"] = "Suspended";
      },
    ],
    [
      "a value inside a list",
      (props) => {
        (props["rules"] as Array<Record<string, unknown>>)[0]!["priority"] = 2;
      },
    ],
    [
      "a value that became unknown",
      (props) => {
        props["bucket"] = UNKNOWN_SENTINEL;
      },
    ],
    [
      "a null that became absent",
      (props) => {
        delete (props["versioningConfiguration"] as Record<string, unknown>)["mfaDelete"];
      },
    ],
    [
      "the order of keys",
      (props) => {
        const bucket = props["bucket"];
        delete props["bucket"];
        props["bucket"] = bucket;
      },
    ],
    [
      "an added key",
      (props) => {
        props["expectedBucketOwner"] = "111111111111";
      },
    ],
    [
      "a number for a string",
      (props) => {
        props["bucket"] = 1;
      },
    ],
    [
      "a property dependency",
      (_props, deps) => {
        deps["bucket"] = [];
      },
    ],
  ];
  for (const [what, change] of changes) {
    it(`tells a stack apart by ${what}`, () => {
      assert.equal(samePlainResources(stack(change), mapped), false);
    });
  }

  it("tells a stack apart by its provider's props and by a missing resource", () => {
    const other = stack() as Array<Record<string, unknown>>;
    (other[1]!["provider"] as Record<string, unknown>)["props"] = unknownCheckingProxy({ region: "eu-west-1" });
    assert.equal(samePlainResources(other, mapped), false);
    assert.equal(samePlainResources(stack().slice(0, 1), mapped), false);
  });

  it("matches an unknown with the UNKNOWN marker it was mapped to", () => {
    const unknown = (props: Record<string, unknown>): void => {
      props["bucket"] = UNKNOWN_SENTINEL;
    };
    assert.equal(samePlainResources(stack(unknown), toPlainResources(stack(unknown))), true);
  });
});
