/**
 * Prints what the core generates for a topology and why it is right: every document, every
 * request S3 makes with the statements that allow it, the forbidden requests that stay denied,
 * and the analysis verdict. Used by `npm start`.
 */

import { decidingDocuments, foundReplications, generateDocuments, TopologyDocuments } from "../components/documents";
import { analyzeReplication } from "../components/model/analysis";
import { EvaluationDocuments, evaluateRequest, StatementRef } from "../components/model/evaluate";
import { formatFinding } from "../components/model/findings";
import { forbiddenRequests, replicationRequests, ReplicationRequest } from "../components/model/requests";
import { replicationPaths, ReplicationPath, ReplicationTopology } from "../components/model/topology";

/** Totals of one report. */
export interface ProofTotals {
  /** Required requests allowed. */
  allowed: number;
  /** Forbidden requests denied. */
  denied: number;
  /** Requests with the wrong verdict. */
  failures: string[];
  /** Analysis findings on the generated documents. */
  findings: number;
}

/** The generated documents that decide a request, named for the report. */
function namedDocuments(
  documents: TopologyDocuments,
  request: ReplicationRequest,
  path: ReplicationPath,
): EvaluationDocuments {
  const docs = decidingDocuments(documents, request);
  return {
    identityPolicies: docs.identityPolicies.map((document) => ({ name: `role policy of ${path.role.name}`, document })),
    ...(docs.resourcePolicy
      ? { resourcePolicy: { name: docs.resourcePolicyName ?? "resource policy", document: docs.resourcePolicy } }
      : {}),
  };
}

const describeRef = (ref: StatementRef): string => `${ref.policy} [${ref.sid ?? `#${ref.index}`}]`;

/** Prints the documents, the proof and the analysis of a topology; returns the totals. */
export function printProofReport(
  topology: ReplicationTopology,
  log: (line: string) => void,
  options: { documents?: boolean } = {},
): ProofTotals {
  const documents = generateDocuments(topology);
  const totals: ProofTotals = { allowed: 0, denied: 0, failures: [], findings: 0 };
  if (options.documents !== false) {
    log("\n== Generated documents");
    for (const role of documents.roles) {
      log(`\n-- trust policy of ${role.roleArn}\n${JSON.stringify(role.trustPolicy, null, 2)}`);
      log(`\n-- permission policy of ${role.roleArn}\n${JSON.stringify(role.permissionPolicy, null, 2)}`);
      log(
        `\n-- replication configuration of ${role.replicationConfiguration.bucket}\n${JSON.stringify(role.replicationConfiguration, null, 2)}`,
      );
    }
    for (const key of Object.values(documents.keys))
      log(`\n-- key policy of ${key.keyArn}\n${JSON.stringify(key.policy, null, 2)}`);
    for (const bucket of Object.values(documents.buckets))
      log(
        `\n-- bucket policy of ${bucket.bucketName} (account ${bucket.account})\n${JSON.stringify(bucket.policy, null, 2)}`,
      );
  }
  log("\n== Permission proof (in-package evaluator; the test suite re-proves every verdict with an independent one)");
  for (const path of replicationPaths(topology)) {
    log(
      `\n-- path ${path.id}: s3://${path.source.bucketName} (${path.source.account} ${path.source.region}) -> s3://${path.destination.bucketName} (${path.destination.account} ${path.destination.region})`,
    );
    for (const request of replicationRequests(path)) {
      const decision = evaluateRequest(request, namedDocuments(documents, request, path));
      if (decision.allowed) totals.allowed++;
      else totals.failures.push(request.id);
      const context = request.context["kms:EncryptionContext:aws:s3:arn"]
        ? ` ctx=${request.context["kms:EncryptionContext:aws:s3:arn"]}`
        : "";
      log(
        `  ${decision.allowed ? "ALLOWED" : "DENIED "} ${request.principalIsService ? request.principal : "role"} ${request.action} ${request.resource}${context}${Object.keys(request.context).length > 0 && request.principalIsService ? " (with aws:SourceAccount/SourceArn)" : ""}\n           by ${decision.allowedBy.map(describeRef).join(" + ") || decision.reason}`,
      );
    }
    const forbidden = forbiddenRequests(path);
    const leaked = forbidden.filter(
      (request) => evaluateRequest(request, namedDocuments(documents, request, path)).allowed,
    );
    totals.denied += forbidden.length - leaked.length;
    totals.failures.push(...leaked.map((request) => request.id));
    log(
      `  DENIED  ${forbidden.length - leaked.length}/${forbidden.length} forbidden requests (${[...new Set(forbidden.map((request) => request.action))].slice(0, 8).join(", ")}, ...)`,
    );
    for (const request of leaked) log(`  LEAK    ${request.id}`);
  }
  const findings = foundReplications(topology, documents).flatMap((found) => analyzeReplication(found));
  totals.findings = findings.length;
  log(`\n== Analysis of the generated documents: ${findings.length} finding(s)`);
  for (const item of findings) log(`  ${formatFinding(item)}`);
  return totals;
}
