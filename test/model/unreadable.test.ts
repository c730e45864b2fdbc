/**
 * Item 4 of issue 18: an unreadable document on a replication path (not JSON, `{}`, no Statement,
 * wrong shapes) is a mandatory S3R065 where the path cannot work with it: the trust policy (S3
 * cannot assume the role), a role policy (S3 cannot be granted what it needs through it), and
 * across accounts the destination bucket policy and the replica key's policy. A document unknown
 * in preview is not a verdict (judged at `up`); a same-account destination bucket policy stays a
 * could-not-be-judged note (IAM alone may grant the request).
 */

import assert from "node:assert/strict";
import { foundReplications, generateDocuments } from "../../components/documents";
import { analyzeReplication } from "../../components/model/analysis";
import { FindingClass, FindingCode } from "../../components/model/findings";
import { DOCUMENT_UNKNOWN_IN_PREVIEW, FoundReplication } from "../../components/model/found";
import { unreadableValueFinding } from "../../components/model/unreadable";
import { DESTINATION_ACCOUNT, defaultScenario } from "../support/scenarios";

function happy(): FoundReplication {
  const scenario = defaultScenario();
  const found = foundReplications(scenario.topology, generateDocuments(scenario.topology))[0];
  assert.ok(found);
  return JSON.parse(JSON.stringify(found)) as FoundReplication;
}

const unreadable = (found: FoundReplication): string[] =>
  analyzeReplication(found)
    .filter((item) => item.code === FindingCode.DocumentUnreadable)
    .map((item) => `${item.kind} ${item.subject}`);

const MALFORMED = "malformed JSON (Unexpected token)";

describe("analysis: unreadable documents on a replication path", () => {
  it("the generated documents draw no S3R065", () => {
    assert.deepEqual(unreadable(happy()), []);
  });

  it("a trust policy that cannot be read breaks replication (S3 cannot assume the role)", () => {
    const found = happy();
    found.role!.trustPolicy = { ref: "iam.Role trust", unreadable: MALFORMED };
    assert.deepEqual(unreadable(found), [`${FindingClass.BreaksReplication} iam.Role trust`]);
  });

  it("a role policy S3 cannot evaluate breaks replication", () => {
    const found = happy();
    found.role!.policies[0] = { ref: "iam.RolePolicy p", unreadable: "the document has no Statement list" };
    assert.deepEqual(unreadable(found), [`${FindingClass.BreaksReplication} iam.RolePolicy p`]);
  });

  it("across accounts, an unreadable destination bucket policy and replica key policy break replication", () => {
    const found = happy();
    const destination = Object.values(found.destinations)[0]!;
    assert.equal(destination.account, DESTINATION_ACCOUNT);
    destination.policy = { ref: "s3.BucketPolicy dst", unreadable: "not a JSON policy document object" };
    const key = Object.values(found.keys).find((candidate) => candidate.account === DESTINATION_ACCOUNT)!;
    key.policy = { ref: "kms.KeyPolicy dst", unreadable: MALFORMED };
    assert.deepEqual(unreadable(found).sort(), [
      `${FindingClass.BreaksReplication} kms.KeyPolicy dst`,
      `${FindingClass.BreaksReplication} s3.BucketPolicy dst`,
    ]);
  });

  it("documents unknown in preview, and a same-account destination bucket policy, draw no S3R065", () => {
    const preview = happy();
    preview.role!.trustPolicy = { ref: "iam.Role trust", unreadable: DOCUMENT_UNKNOWN_IN_PREVIEW };
    preview.role!.policies[0] = { ref: "iam.RolePolicy p", unreadable: DOCUMENT_UNKNOWN_IN_PREVIEW };
    assert.deepEqual(unreadable(preview), []);
    const same = happy();
    const destination = Object.values(same.destinations)[0]!;
    destination.account = same.role!.account!;
    destination.policy = { ref: "s3.BucketPolicy dst", unreadable: MALFORMED };
    assert.deepEqual(unreadable(same), []);
  });

  it("a wrong-typed value is a mandatory could-not-be-judged finding naming the property (S3R064)", () => {
    const item = unreadableValueFinding({
      ref: 's3.BucketReplicationConfig "r"',
      path: "role",
      expected: "string",
      found: "list",
    });
    assert.equal(item.code, FindingCode.PropertyUnreadable);
    assert.equal(item.kind, FindingClass.BreaksReplication);
    assert.equal(item.location, "role");
    assert.match(item.message, /could not be judged: `role` is a list where a string is expected/);
  });
});
