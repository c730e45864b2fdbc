/** Prints an offline run the way `npm start` shows it. */

import { PathProof, replicationProof } from "../components/model/analysis";
import { FoundReplication } from "../components/model/found";
import { StatementRef } from "../components/model/evaluate";
import { KmsPathLoadInput, accountRegionKmsLoad, pathKmsCost } from "../components/model/cost";
import { monthlyCost } from "../components/model/price";
import { usesKmsKey, Encryption } from "../components/model/topology";
import { RecordedResource, unwrap, isUnknown } from "../policypack/testing";
import { awsContextOf } from "../policypack/harness/awsContext";
import { ModeRun, managedResources } from "./offlineRun";
import { isPendingAdvisory } from "../policypack/policies/replication-unjudged";

/** What the report counted, for the closing line and the exit code. */
export interface ReportTotals {
  /** Requests S3 makes that the documents allow. */
  allowed: number;
  /** Forbidden requests the documents deny. */
  denied: number;
  /** Requests that could not be judged (documents outside the stack). */
  unjudged: number;
  /** Wrong verdicts. */
  failures: string[];
  /** Pack violations in both modes. */
  violations: number;
}

const describeRef = (ref: StatementRef): string => `${ref.policy} [${ref.sid ?? `statement ${ref.index}`}]`;

/** The Region a resource is created in: its own v7 `region` argument when known, else its provider's. */
function regionOf(resource: RecordedResource, providerRegion: string): string {
  const own = unwrap(resource.inputs["region"]);
  return typeof own === "string" && !isUnknown(resource.inputs["region"]) ? own : providerRegion;
}

/** Resources grouped by account and region, each group with the providers that manage it. */
export function printResourcesByAccount(run: ModeRun, log: (line: string) => void): void {
  const groups = new Map<string, { providers: Set<string>; resources: string[] }>();
  for (const resource of managedResources(run.result)) {
    if (!resource.provider) continue;
    const context = awsContextOf(resource.provider, {});
    const region = regionOf(resource, context.region);
    const global = resource.type.startsWith("aws:iam/");
    const key = `account ${context.account}  ${global ? "global (IAM)" : region}`;
    const group = groups.get(key) ?? { providers: new Set<string>(), resources: [] };
    const assumed = context.assumedRole ? `, assumes role ${context.assumedRole}` : "";
    group.providers.add(`${resource.provider.name} (region ${context.region}${assumed})`);
    group.resources.push(`${resource.type} ${resource.name}`);
    groups.set(key, group);
  }
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    log(`  ${key}  via ${[...group.providers].join(", ")}`);
    for (const resource of group.resources.sort()) log(`    ${resource}`);
  }
}

/** Every CloudWatch alarm with its metric and the account and Region it is created in (where it can fire). */
export function printAlarms(run: ModeRun, log: (line: string) => void): void {
  const alarms = managedResources(run.result).filter(
    (resource) => resource.type === "aws:cloudwatch/metricAlarm:MetricAlarm",
  );
  if (alarms.length === 0) {
    log("  (no alarms)");
    return;
  }
  for (const alarm of alarms.sort((a, b) => a.name.localeCompare(b.name))) {
    const context = alarm.provider ? awsContextOf(alarm.provider, {}) : undefined;
    const region = regionOf(alarm, context?.region ?? "(unknown)");
    const dimensions = unwrap(alarm.inputs["dimensions"]);
    const rule =
      typeof dimensions === "object" && dimensions !== null && "RuleId" in dimensions
        ? ` rule ${String((dimensions as Record<string, unknown>)["RuleId"])}`
        : "";
    const actions = unwrap(alarm.inputs["alarmActions"]);
    const notifies = Array.isArray(actions) && actions.length > 0 ? `notifies ${actions.length} topic(s)` : "NO ACTION";
    log(
      `  ${alarm.name}: ${metricText(alarm)}${rule}, threshold ${String(unwrap(alarm.inputs["threshold"]))}, in account ${context?.account ?? "(unknown)"} region ${region}, ${notifies}`,
    );
  }
}

/** What an alarm watches: its metric, or a metric-math expression and the metric it reads. */
function metricText(alarm: RecordedResource): string {
  const queries = unwrap(alarm.inputs["metricQueries"]);
  if (!Array.isArray(queries) || queries.length === 0)
    return `${String(unwrap(alarm.inputs["namespace"]))} ${String(unwrap(alarm.inputs["metricName"]))}`;
  const list = queries as Array<{ expression?: string; metric?: { namespace?: string; metricName?: string } }>;
  const expression = list.find((q) => q.expression !== undefined)?.expression ?? "";
  const metric = list.find((q) => q.metric !== undefined)?.metric;
  return `metric math ${expression} over ${metric?.namespace ?? ""} ${metric?.metricName ?? ""}`;
}

/** Every S3 bucket notification: the bucket, its Region and account, and the topics with their events. */
export function printNotifications(run: ModeRun, log: (line: string) => void): void {
  const notifications = managedResources(run.result).filter(
    (resource) => resource.type === "aws:s3/bucketNotification:BucketNotification",
  );
  if (notifications.length === 0) log("  (no bucket notifications)");
  for (const n of notifications.sort((a, b) => a.name.localeCompare(b.name))) {
    const context = n.provider ? awsContextOf(n.provider, {}) : undefined;
    const topics = unwrap(n.inputs["topics"]);
    const list = Array.isArray(topics) ? (topics as Array<{ topicArn?: unknown; events?: unknown }>) : [];
    log(
      `  ${n.name}: bucket ${String(unwrap(n.inputs["bucket"]))} in account ${context?.account ?? "(unknown)"} region ${regionOf(n, context?.region ?? "(unknown)")}`,
    );
    for (const t of list) log(`    -> ${String(t.topicArn)}: ${Array.isArray(t.events) ? t.events.join(", ") : ""}`);
  }
}

function printProof(proof: PathProof, totals: ReportTotals, log: (line: string) => void): void {
  log(
    `\n  path ${proof.label}  (${proof.path.source.account} ${proof.path.source.region} -> ${proof.path.destination.account} ${proof.path.destination.region}, role ${proof.path.role.name})`,
  );
  for (const { request, decision } of proof.required) {
    const context = request.context["kms:EncryptionContext:aws:s3:arn"];
    const what = `${request.principalIsService ? request.principal : "role"} ${request.action} ${request.resource}${context ? ` ctx=${context}` : ""}${request.principalIsService && Object.keys(request.context).length > 0 ? " (with aws:SourceAccount/SourceArn)" : ""}`;
    if (decision === undefined) {
      totals.unjudged++;
      log(
        `    UNJUDGED ${what}\n             a document it needs is outside the stack (its owner must add the statements this stack exports)`,
      );
      continue;
    }
    if (decision.allowed) totals.allowed++;
    else totals.failures.push(request.id);
    log(
      `    ${decision.allowed ? "ALLOWED " : "DENIED  "} ${what}\n             by ${decision.allowedBy.map(describeRef).join(" + ") || decision.reason}`,
    );
  }
  const judged = proof.forbidden.filter((item) => item.decision !== undefined);
  const leaked = judged.filter((item) => item.decision?.allowed === true);
  totals.denied += judged.length - leaked.length;
  totals.unjudged += proof.forbidden.length - judged.length;
  totals.failures.push(...leaked.map((item) => item.request.id));
  log(
    `    DENIED   ${judged.length - leaked.length}/${proof.forbidden.length} forbidden requests (reading or deleting source data, writing outside replication, other buckets, KMS outside S3, key administration, other principals)`,
  );
  for (const item of leaked) log(`    LEAK     ${item.request.id}`);
}

function printCost(
  found: FoundReplication,
  proof: PathProof,
  objectsPerSecond: number,
  log: (line: string) => void,
): void {
  const { source, destination } = proof.path;
  const kms = (encryption: Encryption, keyArn: string | undefined): boolean =>
    usesKmsKey(encryption) && keyArn !== undefined;
  const cost = pathKmsCost(
    {
      region: source.region,
      usesKms: kms(source.encryption, source.keyArn),
      dsse: source.encryption === Encryption.DsseKms,
      bucketKeyEnabled: source.bucketKeyEnabled,
    },
    {
      region: destination.region,
      usesKms: kms(destination.encryption, destination.keyArn),
      dsse: destination.encryption === Encryption.DsseKms,
      bucketKeyEnabled: destination.bucketKeyEnabled,
    },
    objectsPerSecond,
  );
  const side = (label: string, value: typeof cost.source): string =>
    value.usesKms
      ? `${label} ${value.region}: ${value.requestsPerMillionWithoutBucketKey.toLocaleString("en-US")} KMS requests per million objects without a Bucket Key, as few as ${value.requestsPerMillionWithBucketKeyAtBest.toLocaleString("en-US")} with one (Bucket Key ${value.bucketKeyEnabled ? "on" : "off"})`
      : `${label} ${value.region}: no KMS requests (SSE-S3)`;
  log(`\n  KMS cost of ${proof.label} (${found.ref}):`);
  log(`    ${side("source", cost.source)}`);
  log(`    ${side("destination", cost.destination)}`);
  for (const load of cost.load ?? []) {
    log(
      `    at ${objectsPerSecond.toLocaleString("en-US")} objects/s: ${load.requestsPerSecondWorstCase.toLocaleString("en-US")} requests/s worst case in ${load.region} = ${(load.quotaShareWorstCase * 100).toFixed(1)}% of the source account's ${load.quotaPerSecond.toLocaleString("en-US")}/s quota there (throttles: ${load.throttles})`,
    );
  }
}

/** Prints the proof and the cost note of every replication the pack found in the update run. */
export function printPermissionProof(
  run: ModeRun,
  objectsPerSecond: number,
  log: (line: string) => void,
): ReportTotals {
  const totals: ReportTotals = { allowed: 0, denied: 0, unjudged: 0, failures: [], violations: 0 };
  for (const found of run.model?.replications ?? []) {
    const proofs = replicationProof(found);
    for (const proof of proofs) {
      printProof(proof, totals, log);
      printCost(found, proof, objectsPerSecond, log);
    }
    const proven = new Set(proofs.map((proof) => proof.path.destination.ruleId));
    for (const rule of found.rules.filter((candidate) => !proven.has(candidate.id ?? ""))) {
      totals.unjudged++;
      log(
        `\n  rule ${rule.id ?? "(no id)"} of ${found.ref} -> ${rule.destinationBucket ?? "(unknown destination)"}: not judged here, the destination bucket or the role is not managed by this stack; run \`s3-replication check\` on an export that holds both sides`,
      );
    }
  }
  return totals;
}

/**
 * The KMS load of every (calling account, Region), summed over the paths the pack found (the
 * quota is per account and Region), and the monthly cost in money at the rate and object size.
 */
export function printKmsLoadAndCost(
  run: ModeRun,
  objectsPerSecond: number,
  objectSizeBytes: number,
  log: (line: string) => void,
): void {
  const paths = (run.model?.replications ?? []).flatMap((found) => replicationProof(found).map((proof) => proof.path));
  const kms = (encryption: Encryption, keyArn: string | undefined): boolean =>
    usesKmsKey(encryption) && keyArn !== undefined;
  const load = accountRegionKmsLoad(
    paths.map((path): KmsPathLoadInput => ({
      id: `${path.source.bucketName} -> ${path.destination.bucketName}`,
      account: path.role.account,
      sourceBucket: path.source.bucketName,
      source: {
        region: path.source.region,
        usesKms: kms(path.source.encryption, path.source.keyArn),
        dsse: path.source.encryption === Encryption.DsseKms,
        bucketKeyEnabled: path.source.bucketKeyEnabled,
      },
      destination: {
        region: path.destination.region,
        usesKms: kms(path.destination.encryption, path.destination.keyArn),
        dsse: path.destination.encryption === Encryption.DsseKms,
        bucketKeyEnabled: path.destination.bucketKeyEnabled,
      },
      objectsPerSecond,
    })),
  );
  for (const l of load) {
    const flag = l.throttles === "yes" ? "  OVER QUOTA" : l.throttles === "possible" ? "  MAY BE OVER QUOTA" : "";
    log(
      `  account ${l.account} ${l.region}: ${l.requestsPerSecondWorstCase.toLocaleString("en-US")} requests/s worst case = ${(l.quotaShareWorstCase * 100).toFixed(1)}% of the ${l.quotaPerSecond.toLocaleString("en-US")}/s quota${flag}; paths: ${l.paths.join(", ")}`,
    );
  }
  const keys = managedResources(run.result).filter((r) => /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/.test(r.type));
  const cost = monthlyCost({
    rules: paths.map((path) => ({
      objectsPerSecond,
      metrics: path.destination.metrics,
      replicationTime: path.destination.replicationTime,
      crossRegion: path.source.region !== path.destination.region,
    })),
    objectSizeBytes,
    kmsLoad: load,
    keys: keys.length,
    rotatingKeys: keys.filter((k) => unwrap(k.inputs["enableKeyRotation"]) === true).length,
  });
  log(
    `  monthly cost at ${objectsPerSecond.toLocaleString("en-US")} objects/s of ${objectSizeBytes.toLocaleString("en-US")} bytes (prices of ${cost.pricesRegion} as of ${cost.pricesAsOf}: ${cost.pricingPages.join(", ")}):`,
  );
  for (const line of cost.lines)
    log(`    ${line.item}: ${line.quantity.toLocaleString("en-US")} ${line.unit}, $${line.usdPerMonth.toFixed(2)}`);
  log(`    total about $${cost.totalUsdPerMonth.toFixed(2)} per month`);
}

/**
 * Prints the pack's verdict of one mode; returns the number of violations. Preview's "judged at
 * `up`" advisories (isPendingAdvisory) say what preview could not know yet: they are listed apart,
 * never counted or printed as violations.
 */
export function printVerdict(run: ModeRun, log: (line: string) => void): number {
  const { violations, advisories } = run.result;
  const pending = violations.filter(isPendingAdvisory);
  const found = violations.filter((violation) => !isPendingAdvisory(violation));
  const waiting = pending.length > 0 ? `, ${pending.length} judged at \`up\`` : "";
  log(
    `  ${run.preview ? "preview" : "update "}: ${managedResources(run.result).length} resources, ${found.length} violation(s)${waiting}, ${advisories.length} advisory note(s)`,
  );
  for (const violation of found)
    log(`    [${violation.enforcementLevel}] ${violation.policyName}: ${violation.message}`);
  // The SDK puts the policy's description before the message: the last line is the advisory itself.
  for (const violation of pending) log(`    judged at \`up\`: ${violation.message.split("\n").pop() ?? ""}`);
  for (const advisory of advisories) log(`    note: ${advisory}`);
  return found.length;
}

/** Prints every policy document and replication configuration the program attached (update run). */
export function printDocuments(run: ModeRun, log: (line: string) => void): void {
  const seen = new Set<string>();
  const show = (title: string, value: unknown): void => {
    if (value === undefined || seen.has(title)) return;
    seen.add(title);
    log(`\n  -- ${title}\n${JSON.stringify(value, null, 2).replace(/^/gm, "     ")}`);
  };
  for (const found of run.model?.replications ?? []) {
    show(`${found.role?.trustPolicy?.ref ?? "trust policy"} (trust policy)`, found.role?.trustPolicy?.document);
    for (const policy of found.role?.policies ?? []) show(policy.ref, policy.document);
    for (const key of Object.values(found.keys)) if (key.policy) show(key.policy.ref, key.policy.document);
    for (const bucket of [found.source, ...Object.values(found.destinations)])
      if (bucket.policy) show(bucket.policy.ref, bucket.policy.document);
    const configuration = run.result.resources.find(
      (resource) =>
        resource.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig" &&
        found.ref.includes(`"${resource.name}"`),
    );
    if (configuration) show(`${found.ref} rules`, unwrap(configuration.inputs["rules"]));
  }
}
