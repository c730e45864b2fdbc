/**
 * The permission matrix with a permissions boundary on the replication role (issue 21 item 9):
 * "permissions boundaries attached to the IAM role can cause replication to fail" (Troubleshooting
 * replication, https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html);
 * a boundary caps what the role's identity policies grant (Permissions boundaries for IAM
 * entities, https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
 * For every scenario, the generated documents with:
 * - a boundary in the stack that allows what replication needs: the independent evaluator
 *   (@cloud-copilot/iam-simulate, given the boundary) allows every request S3 makes and denies
 *   every forbidden one, and the analysis reports nothing on the boundary;
 * - a boundary that omits one needed action: the evaluator denies exactly the requests of that
 *   action, and the analysis reports each of them, breaking replication, on the boundary, naming
 *   the request and the failure reason S3 reports;
 * - a boundary outside the stack (its ARN only): the analysis advises what it must allow, and a
 *   boundary allowing exactly that list lets the evaluator allow every request S3 makes.
 * Every simulation reports no ignored context key (simulateRequest throws otherwise).
 */

import assert from "node:assert/strict";
import { decidingDocuments, generateDocuments } from "../../components/documents";
import { foundReplications } from "../../components/documents/asFound";
import { analyzeReplication } from "../../components/model/analysis";
import { Finding, FindingClass } from "../../components/model/findings";
import { PolicyDocument } from "../../components/model/policyDocument";
import { describeContext, failureReasonOf } from "../../components/model/requestText";
import { ReplicationRequest, forbiddenRequests, replicationRequests } from "../../components/model/requests";
import { ReplicationPath, replicationPaths } from "../../components/model/topology";
import { Scenario, scenarioMatrix } from "../support/scenarios";
import { simulateRequest } from "../support/simulate";

/** Every action live replication needs of the role, as a boundary that permits replication lists them. */
const REPLICATION_ACTIONS = [
  "s3:GetReplicationConfiguration",
  "s3:ListBucket",
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectVersionTagging",
  "s3:GetObjectRetention",
  "s3:GetObjectLegalHold",
  "s3:ReplicateObject",
  "s3:ReplicateDelete",
  "s3:ReplicateTags",
  "s3:ObjectOwnerOverrideToBucketOwner",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
];

const BOUNDARY_REF = "iam.Policy boundary";
const BOUNDARY_ARN = "arn:aws:iam::111111111111:policy/org-boundary";

const allowing = (actions: readonly string[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: [...actions], Resource: "*" }],
});

/** A request as boundary findings name it. */
const keyOf = (action: string, resource: string): string => `${action} on ${resource}`;

/** The analysis of a scenario's generated documents, the role bounded as given. */
function analysed(
  scenario: Scenario,
  boundary: { document: PolicyDocument } | { arn: string },
): { findings: Finding[]; onBoundary: Finding[] } {
  const found = foundReplications(scenario.topology, generateDocuments(scenario.topology));
  for (const replication of found) {
    if ("document" in boundary)
      replication.role!.permissionsBoundary = { ref: BOUNDARY_REF, document: boundary.document };
    else replication.role!.permissionsBoundaryArn = boundary.arn;
  }
  const findings = found.flatMap((replication) => analyzeReplication(replication));
  return { findings, onBoundary: findings.filter((item) => item.detail["setting"] === "permissionsBoundary") };
}

/** What the evaluator says of each role request of every path (S3's service requests are not bounded). */
async function evaluated(
  scenario: Scenario,
  boundary: PolicyDocument,
  requestsOf: (path: ReplicationPath) => ReplicationRequest[],
): Promise<Array<{ request: ReplicationRequest; path: ReplicationPath; allowed: boolean }>> {
  const documents = generateDocuments(scenario.topology);
  const out: Array<{ request: ReplicationRequest; path: ReplicationPath; allowed: boolean }> = [];
  for (const path of replicationPaths(scenario.topology))
    for (const request of requestsOf(path)) {
      if (request.principalIsService) continue;
      const outcome = await simulateRequest(request, {
        ...decidingDocuments(documents, request),
        permissionsBoundary: boundary,
      });
      assert.deepEqual(outcome.ignoredContextKeys, [], `${request.id}: the evaluator ignored context keys`);
      out.push({ request, path, allowed: outcome.allowed });
    }
  return out;
}

/** The action a boundary omits in the broken variant: the replica write, and the source key's decrypt where KMS objects replicate. */
function omittedActions(scenario: Scenario): string[] {
  const kms = replicationPaths(scenario.topology).some((path) =>
    replicationRequests(path).some((request) => request.action === "kms:Decrypt"),
  );
  return kms ? ["s3:ReplicateObject", "kms:Decrypt"] : ["s3:ReplicateObject"];
}

describe("proof: the permission matrix under a permissions boundary (issue 21 item 9)", function () {
  this.timeout(600_000);
  // Every scenario of the matrix (each encryption pair, Bucket Key, account, Region, multi-Region key,
  // ownership override, two-way and destination count).
  const scenarios = scenarioMatrix();
  const totals = { scenarios: 0, simulations: 0 };
  after(() =>
    console.log(`      boundary proof: ${totals.scenarios} scenarios, ${totals.simulations} simulations, 0 failures`),
  );

  it("covers every encryption pair, both accounts, two-way, ownership override and both destination counts", () => {
    const pairs = new Set(
      scenarios.map((s) => `${s.topology.source.encryption}>${s.topology.destinations[0]?.encryption ?? ""}`),
    );
    assert.equal(pairs.size, 7, [...pairs].join(", "));
    for (const axis of ["dest:2", "xacct", "twoway", "owner"])
      assert.ok(
        scenarios.some((s) => s.id.includes(axis)),
        `no ${axis} scenario`,
      );
    assert.ok(scenarios.length >= 150, `${scenarios.length} scenarios`);
  });

  for (const scenario of scenarios) {
    it(scenario.id, async () => {
      // 1. A boundary in the stack allowing what replication needs: no finding, every request allowed.
      const allows = allowing(REPLICATION_ACTIONS);
      const clean = analysed(scenario, { document: allows });
      assert.deepEqual(clean.onBoundary, [], clean.onBoundary.map((f) => f.message).join("\n"));
      assert.deepEqual(
        clean.findings.filter((f) => f.kind === FindingClass.BreaksReplication).map((f) => f.message),
        [],
      );
      const required = await evaluated(scenario, allows, (path) => replicationRequests(path, true));
      const forbidden = await evaluated(scenario, allows, forbiddenRequests);
      assert.deepEqual(
        required.filter((r) => !r.allowed).map((r) => r.request.id),
        [],
      );
      assert.deepEqual(
        forbidden.filter((r) => r.allowed).map((r) => r.request.id),
        [],
      );
      totals.simulations += required.length + forbidden.length;

      // 2. A boundary omitting one needed action: exactly its requests break, each reported on the boundary.
      for (const omitted of omittedActions(scenario)) {
        const narrow = allowing(REPLICATION_ACTIONS.filter((action) => action !== omitted));
        const outcomes = await evaluated(scenario, narrow, (path) => replicationRequests(path));
        totals.simulations += outcomes.length;
        const denied = outcomes.filter((r) => !r.allowed);
        assert.ok(denied.length > 0, `${omitted}: the evaluator denies nothing`);
        assert.deepEqual(
          denied.filter((r) => r.request.action !== omitted).map((r) => r.request.id),
          [],
          `${omitted}: the evaluator denies other actions too`,
        );
        const { onBoundary } = analysed(scenario, { document: narrow });
        for (const { request, path } of denied) {
          const needs = `does not allow ${request.action} on ${request.resource}${describeContext(request)}`;
          // Two-way: both roles may make the same request (one as source, one as replica side): the reason tells them apart.
          const reason = `S3 reports ${failureReasonOf(request, path)}`;
          const item = onBoundary.find((f) => f.message.includes(needs) && f.message.includes(reason));
          assert.ok(item, `${omitted}: ${request.id} denied by the evaluator, not reported with ${reason}`);
          assert.equal(item.kind, FindingClass.BreaksReplication, item.message);
          assert.equal(item.subject, BOUNDARY_REF);
        }
        const deniedKeys = new Set(denied.map((r) => keyOf(r.request.action, r.request.resource)));
        assert.deepEqual(
          onBoundary
            .map((f) => keyOf(String(f.detail["action"]), String(f.detail["resource"])))
            .filter((key) => !deniedKeys.has(key)),
          [],
          `${omitted}: reported but allowed by the evaluator`,
        );
      }

      // 3. A boundary outside the stack: advice naming what it must allow, and that list suffices.
      const outside = analysed(scenario, { arn: BOUNDARY_ARN });
      assert.ok(outside.onBoundary.length > 0, "no advice on the outside boundary");
      const listed = new Set<string>();
      for (const advice of outside.onBoundary) {
        assert.equal(advice.kind, FindingClass.Advice, advice.message);
        assert.ok(advice.message.includes(`${BOUNDARY_ARN} is not in the stack`), advice.message);
        const list = /must allow: (.*)\.$/.exec(advice.message)?.[1] ?? "";
        for (const item of list.split("; ")) listed.add(item);
      }
      const advised: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [...listed].map((item) => {
          const [action = "", resource = ""] = item.split(" on ");
          return { Effect: "Allow" as const, Action: action, Resource: resource };
        }),
      };
      // The requests this configuration produces (the analysis demands no more: issue 21 item 7).
      const underAdvised = await evaluated(scenario, advised, (path) => replicationRequests(path));
      totals.simulations += underAdvised.length;
      assert.deepEqual(
        underAdvised.filter((r) => !r.allowed).map((r) => r.request.id),
        [],
        `a boundary allowing the advised list still denies:\n${[...listed].join("\n")}`,
      );
      totals.scenarios++;
    });
  }
});
