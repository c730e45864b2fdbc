// Item 4 of issue 18, through the pack: an unreadable document on a replication path is a
// mandatory S3R065 where the path cannot work with it (before: only the advisory
// replication-unjudged note, so the gate passed).
import * as assert from "node:assert/strict";
import { runPolicies } from "../../policypack/testing";
import { happyProgram, type Tweaks } from "./program";

const CASES: Array<{ title: string; tweaks: Tweaks; subject: RegExp }> = [
  {
    title: "a trust policy `{}` (no Statement)",
    tweaks: { trustPolicy: () => ({}) },
    subject: /iam\.Role "replication-role" assumeRolePolicy/,
  },
  { title: "a role policy that is not JSON", tweaks: { rolePolicy: () => "{not json" }, subject: /iam\.RolePolicy/ },
  {
    title: "a cross-account destination bucket policy of the wrong shape",
    tweaks: { dstBucketPolicy: () => ({ Statement: "allow" }) },
    subject: /s3\.BucketPolicy "dst-policy"/,
  },
];

describe("policy pack: unreadable documents on a replication path are mandatory findings", () => {
  for (const c of CASES) {
    it(`${c.title} -> mandatory S3R065`, async () => {
      const result = await runPolicies(happyProgram(c.tweaks));
      const hits = result.violations.filter((v) => v.message.includes("[S3R065") && c.subject.test(v.message));
      assert.equal(
        hits.length,
        1,
        result.violations.map((v) => `${v.policyName} ${v.enforcementLevel}: ${v.message}`).join("\n"),
      );
      assert.equal(hits[0]?.enforcementLevel, "mandatory");
      assert.ok(hits[0]?.urn, "names a resource");
    });
  }
});
