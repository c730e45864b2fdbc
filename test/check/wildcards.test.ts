// Issue 18 item 8: a Resource pattern built to make a backtracking matcher explode (`*?` twelve
// times, then `*Z`) is judged like any other pattern by the checker. The work is
// bounded by the matcher's step counter (test/model/evaluate.test.ts); here the whole checker runs
// on the issue's export and judges the pattern (it matches no replica ARN: the role cannot replicate).
import * as assert from "node:assert/strict";
import { main } from "../../policypack/check/cli";
import { legacy, tmp } from "./support";

const ISSUE_PATTERN = `${"*?".repeat(12)}*Z`;

/** The legacy export with the replication policy's replica statement on the issue's pattern. */
function exportWithPattern(): string {
  const doc = legacy();
  const policy = doc.deployment.resources.find((r) => r["type"] === "aws:iam/policy:Policy")!;
  for (const side of ["inputs", "outputs"]) {
    const props = policy[side] as Record<string, string>;
    props["policy"] = props["policy"]!.replace('"arn:aws:s3:::legacy-orders-dr/*"', JSON.stringify(ISSUE_PATTERN));
    assert.ok(props["policy"].includes(ISSUE_PATTERN));
  }
  return tmp("wildcard-stall.json", JSON.stringify(doc));
}

describe("check: IAM wildcards cannot stall the gate", () => {
  it("the issue's Resource pattern is judged: the role may not replicate to the destination", async () => {
    let stdout = "";
    const status = await main(
      ["check", exportWithPattern(), "--format", "json"],
      (s) => {
        stdout += s;
      },
      () => undefined,
    );
    assert.equal(status, 1);
    const findings = (JSON.parse(stdout) as { findings: Array<{ code: string; message: string }> }).findings;
    const replicate = findings.filter((f) => /s3:ReplicateObject/.test(f.message));
    assert.ok(replicate.length > 0, JSON.stringify(findings.map((f) => f.code)));
  });
});
