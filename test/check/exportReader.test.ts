// The export reader's own functions, beside the CLI-level tests (robustness.test.ts).
import * as assert from "node:assert/strict";
import { parseUrn } from "../../policypack/check/exportReader";

/** What a URN's parts are by definition: split at every `::`, the name the rest joined back. */
function partsBySplit(urn: string): ReturnType<typeof parseUrn> {
  const parts = urn.split("::");
  const head = parts[0] ?? "";
  if (parts.length < 4 || !head.startsWith("urn:pulumi:")) return undefined;
  return {
    stack: head.slice("urn:pulumi:".length),
    project: parts[1] ?? "",
    qualifiedType: parts[2] ?? "",
    name: parts.slice(3).join("::"),
  };
}

describe("check: export reader", () => {
  it("parseUrn splits a URN as split('::') does, names holding '::' and odd colons included", () => {
    const urns = [
      "urn:pulumi:prod::orders::aws:s3/bucket:Bucket::orders",
      "urn:pulumi:prod::orders::pkg:index:Component$aws:s3/bucket:Bucket::a::b::c",
      "urn:pulumi:::orders::aws:s3/bucket:Bucket::empty-stack",
      "urn:pulumi:prod::::aws:s3/bucket:Bucket::",
      "urn:pulumi:prod:::orders:::aws:s3/bucket:Bucket:::name:::",
      "urn:pulumi:prod::orders::aws:s3/bucket:Bucket",
      "urn:pulumi:prod::orders",
      "urn:pulumi:",
      "urn:pulumi::",
      "urn:pulumi",
      "urn:other:prod::orders::t::n",
      "",
      "::::::",
    ];
    for (const urn of urns) assert.deepEqual(parseUrn(urn), partsBySplit(urn), urn);
    assert.deepEqual(parseUrn(urns[1]!), {
      stack: "prod",
      project: "orders",
      qualifiedType: "pkg:index:Component$aws:s3/bucket:Bucket",
      name: "a::b::c",
    });
  });
});
