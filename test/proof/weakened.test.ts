/**
 * The proof can fail: documents weakened in the ways FACTS.md warns about are caught by the
 * independent evaluator (a required request Denied, or a forbidden request Allowed).
 */

import assert from "node:assert/strict";
import { decidingDocuments, generateDocuments } from "../../components/documents";
import { PolicyDocument } from "../../components/model/policyDocument";
import { forbiddenRequests, replicationRequests } from "../../components/model/requests";
import { replicationPaths } from "../../components/model/topology";
import { defaultScenario } from "../support/scenarios";
import { simulateRequest } from "../support/simulate";

async function verdicts(
  mutate: (policy: PolicyDocument, keyPolicy: PolicyDocument) => void,
): Promise<{ deniedRequired: string[]; allowedForbidden: string[] }> {
  const topology = defaultScenario().topology;
  const documents = generateDocuments(topology);
  const role = documents.roles[0]!;
  const path = replicationPaths(topology)[0]!;
  const replicaKey = documents.keys[path.destination.keyArn!]!;
  mutate(role.permissionPolicy, replicaKey.policy);
  const deniedRequired: string[] = [];
  const allowedForbidden: string[] = [];
  for (const request of replicationRequests(path)) {
    if (!(await simulateRequest(request, decidingDocuments(documents, request))).allowed)
      deniedRequired.push(request.id);
  }
  for (const request of forbiddenRequests(path)) {
    if ((await simulateRequest(request, decidingDocuments(documents, request))).allowed)
      allowedForbidden.push(request.id);
  }
  return { deniedRequired, allowedForbidden };
}

describe("proof: weakened documents fail it", () => {
  it("the unmodified documents pass", async () => {
    assert.deepEqual(await verdicts(() => undefined), { deniedRequired: [], allowedForbidden: [] });
  });
  it("an object-only encryption context denies the Bucket Key requests", async () => {
    const result = await verdicts((policy) => {
      const statement = policy.Statement.find((candidate) => candidate.Sid?.startsWith("EncryptReplica"))!;
      statement.Condition!["StringLike"] = { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders-replica-1/*" };
    });
    assert.ok(
      result.deniedRequired.some((id) => id.includes("kms:Encrypt(arn:aws:s3:::orders-replica-1)")),
      JSON.stringify(result),
    );
  });
  it("dropping the conditions lets the key serve other buckets and services", async () => {
    const result = await verdicts((policy) => {
      for (const statement of policy.Statement) delete statement.Condition;
    });
    assert.ok(
      result.allowedForbidden.some((id) => id.includes("(via-ec2)")),
      JSON.stringify(result),
    );
    assert.ok(
      result.allowedForbidden.some((id) => id.includes("(other-bucket-context)")),
      JSON.stringify(result),
    );
  });
  it("s3:* on the source objects allows reads and deletes outside replication", async () => {
    const result = await verdicts((policy) => {
      policy.Statement.find((candidate) => candidate.Sid === "SourceObjects")!.Action = "s3:*";
    });
    assert.ok(
      result.allowedForbidden.some((id) => id.includes("forbidden:s3:GetObject")),
      JSON.stringify(result),
    );
    assert.ok(
      result.allowedForbidden.some((id) => id.includes("forbidden:s3:DeleteObjectVersion")),
      JSON.stringify(result),
    );
  });
  it("a replica key policy without the role denies encryption across accounts", async () => {
    const result = await verdicts((_policy, keyPolicy) => {
      keyPolicy.Statement = keyPolicy.Statement.filter((candidate) => !candidate.Sid?.startsWith("ReplicationRole"));
    });
    assert.ok(
      result.deniedRequired.some((id) => id.includes("kms:Encrypt")),
      JSON.stringify(result),
    );
  });
});
