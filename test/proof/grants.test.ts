/**
 * KMS grants on keys whose policy the stack cannot write (issue 18 item 12): for every scenario of
 * the matrix and every key, the grant `keyGrantFor` derives from the key statements, modelled as
 * the key-policy statement it is equivalent to (the grantee may use the operations when the
 * request's encryption context includes the constraint's pairs), allows every KMS request S3 makes
 * on that key; and where the grant is constrained, the same request for another bucket's objects
 * is denied even to a role whose identity policy allows every KMS call; and where it is not
 * constrained, every request it serves carries an object ARN as its context, so the narrowest
 * constraint there could be (that very value: constraints match exact values, KMS API Reference,
 * GrantConstraints, https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html)
 * denies the same request for another object. Judged by the independent evaluator.
 */

import assert from "node:assert/strict";
import { generateDocuments, keyGrantFor, type KeyGrantDocument } from "../../components/documents";
import type { PolicyDocument, PolicyStatement } from "../../components/model/policyDocument";
import { replicationRequests, ResourcePolicyKind, type ReplicationRequest } from "../../components/model/requests";
import { Encryption, replicationPaths } from "../../components/model/topology";
import { scenarioMatrix } from "../support/scenarios";
import { simulateRequest } from "../support/simulate";

const CONTEXT = "kms:EncryptionContext:aws:s3:arn";
const ANY_KMS: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }],
};

/**
 * The grant alone, as the key-policy statement it is equivalent to: no owner statement, so in one
 * account IAM delegation cannot allow what the grant does not (the grant is all that admits the role).
 */
function grantAsKeyPolicy(grantee: string, grant: KeyGrantDocument): PolicyDocument {
  const subset = grant.encryptionContextSubset ?? {};
  const statement: PolicyStatement = {
    Effect: "Allow",
    Principal: { AWS: grantee },
    Action: grant.operations.map((operation) => `kms:${operation}`),
    Resource: "*",
    ...(Object.keys(subset).length === 0
      ? {}
      : {
          Condition: {
            StringEquals: Object.fromEntries(Object.entries(subset).map(([k, v]) => [`kms:EncryptionContext:${k}`, v])),
          },
        }),
  };
  return { Version: "2012-10-17", Statement: [statement] };
}

describe("proof: KMS grants on keys the stack cannot write", function () {
  this.timeout(300_000);
  const tally = { grants: 0, constrained: 0, allowed: 0, denied: 0, unconstrainable: 0 };
  after(() =>
    console.log(
      `      grants: ${tally.grants} grants (${tally.constrained} constrained to the bucket ARN, ${tally.unconstrainable} shown unconstrainable), ${tally.allowed} requests allowed, ${tally.denied} other-bucket requests denied`,
    ),
  );

  /**
   * An unconstrained grant is the narrowest AWS allows. The grant gives what the key statements
   * give the grantee; where they allow `aws:s3:arn` by a pattern (`BUCKET/*`: every object's own
   * ARN), two objects' requests carry two values, and a grant constraint names exact values. Shown
   * on two instances of the pattern: the key statements allow both, and the narrowest constraint
   * there could be (the first instance's value) denies the second.
   */
  async function unconstrainable(
    statements: PolicyStatement[],
    requests: ReplicationRequest[],
    grantee: string,
    grant: KeyGrantDocument,
  ): Promise<string[]> {
    const granted = statements.filter(
      (st) => st.Effect === "Allow" && JSON.stringify(st.Principal ?? "").includes(grantee),
    );
    const patterns = granted.flatMap((st) =>
      ([] as string[]).concat((st.Condition?.["StringLike"]?.[CONTEXT] as string | string[]) ?? []),
    );
    const wildcard = patterns.find((pattern) => /[*?]/.test(pattern));
    const statement = granted.find((st) => JSON.stringify(st.Condition ?? {}).includes(JSON.stringify(wildcard)));
    const request = requests.find((r) => ([] as string[]).concat(statement?.Action ?? []).includes(r.action));
    if (wildcard === undefined || request === undefined)
      return [`unconstrained, but its statements allow exact contexts only (${patterns.join(", ")})`];
    const instance = (n: number): ReplicationRequest => ({
      ...request,
      context: { ...request.context, [CONTEXT]: wildcard.replace(/\*/g, `object-${n}`).replace(/\?/g, "x") },
    });
    const asKeyPolicy = {
      identityPolicies: [ANY_KMS],
      resourcePolicy: { Version: "2012-10-17" as const, Statement: granted },
    };
    const first = instance(1).context[CONTEXT] ?? "";
    const tried = grantAsKeyPolicy(grantee, { ...grant, encryptionContextSubset: { "aws:s3:arn": first } });
    const problems: string[] = [];
    for (const n of [1, 2]) {
      if (!(await simulateRequest(instance(n), asKeyPolicy)).allowed)
        problems.push(`the statements deny ${instance(n).id} object-${n}`);
    }
    if ((await simulateRequest(instance(2), { identityPolicies: [ANY_KMS], resourcePolicy: tried })).allowed)
      problems.push(`a grant constrained to ${first} still allows another object`);
    return problems;
  }

  // Replicas of SSE-KMS objects may arrive with or without a Bucket Key (objects carry their own
  // setting: issue 21), so their grants allow both contexts; a grant needs one exact context only for
  // Batch Replication of unencrypted objects into a Bucket-Key destination: those variants are added.
  const batchVariants = scenarioMatrix()
    .filter(
      (scenario) =>
        scenario.topology.source.encryption === Encryption.SseS3 &&
        scenario.topology.destinations.some((d) => d.encryption === Encryption.SseKms && d.bucketKeyEnabled),
    )
    .map((scenario) => ({ id: `${scenario.id} batch`, topology: { ...scenario.topology, batchReplication: true } }));
  for (const scenario of [...scenarioMatrix(), ...batchVariants]) {
    it(scenario.id, async () => {
      const documents = generateDocuments(scenario.topology);
      const requests: ReplicationRequest[] = replicationPaths(scenario.topology)
        .flatMap((path) => replicationRequests(path, true))
        .filter((r) => r.resourcePolicy === ResourcePolicyKind.KeyPolicy);
      const wrong: string[] = [];
      for (const key of Object.values(documents.keys)) {
        for (const role of documents.roles) {
          const mine = requests.filter((r) => r.resource === key.keyArn && r.principal === role.roleArn);
          if (mine.length === 0) continue;
          const grant = keyGrantFor(key.statements, role.roleArn);
          tally.grants++;
          if (grant.encryptionContextSubset !== undefined) tally.constrained++;
          const docs = { identityPolicies: [ANY_KMS], resourcePolicy: grantAsKeyPolicy(role.roleArn, grant) };
          for (const request of mine) {
            const outcome = await simulateRequest(request, docs);
            if (!outcome.allowed) wrong.push(`${request.id}: ${outcome.result}`);
            else tally.allowed++;
            if (grant.encryptionContextSubset === undefined) continue;
            const elsewhere = { ...request, context: { ...request.context, [CONTEXT]: "arn:aws:s3:::another-bucket" } };
            const other = await simulateRequest(elsewhere, docs);
            if (other.allowed) wrong.push(`${request.id} for another bucket: Allowed`);
            else tally.denied++;
          }
          if (grant.encryptionContextSubset === undefined) {
            // The proof that no constraint AWS accepts fits this grant's requests.
            const problems = await unconstrainable(key.statements, mine, role.roleArn, grant);
            wrong.push(...problems.map((p) => `${key.keyArn} for ${role.roleArn}: ${p}`));
            if (problems.length === 0) tally.unconstrainable++;
          }
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  it("constrains the grants whose statements need only the bucket context, and no other can be (figures printed)", () => {
    assert.ok(tally.constrained > 0 && tally.denied > 0, JSON.stringify(tally));
    assert.ok(tally.unconstrainable > 0, JSON.stringify(tally));
  });
});
