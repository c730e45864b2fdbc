// The check report: the engine's violations grouped by replication path, with the finding code
// (from the finding catalogue) and the fix, and a KMS cost note per path. This object IS the JSON
// output (schema documented in docs/check.md, `schemaVersion` 2); text, SARIF and Mermaid are
// renderings of it.
import type { EnforcementLevel } from "@pulumi/policy";
import {
  FINDING_RULES,
  accountRegionKmsLoad,
  monthlyCost,
  pathKmsCost,
  type AccountRegionKmsLoad,
  type CostEstimate,
  FindingCode,
  type KmsPathLoadInput,
  type KmsSideInput,
  type PathKmsCost,
} from "s3-replication/components/model";
import type { RecordedResource, Violation } from "../harness/types";
import type { EngineResult, PolicyDescription } from "./engine";
import type { ExportSummary } from "./join";
import { parseUrn } from "./exportReader";
import type { BucketView, PathView, Topology } from "./topology";

/**
 * Version 2 added `input.exports`, `export` on findings and buckets (several exports checked
 * together), `contracts`, and `summary.throttlingRegions`, `objectsPerSecondByRule`, `kmsLoad`,
 * `monthlyCost` (KMS load per account and Region, money). Version 3 added `contract` on findings
 * (the statements of an S3R066/S3R067 contract, per finding).
 */
export const REPORT_SCHEMA_VERSION = 3;

/** The statements a contract finding (S3R066, S3R067) says must hold outside the stack: its own document, machine-readable. */
export interface FindingContract {
  /** `role`, `destination-bucket-policy` or `replica-key-policy`. */
  side: string;
  /** The ARN of the role, bucket or key that must hold the statements. */
  holder: string;
  /** The paths (`source -> destination`) that need them. */
  paths: string[];
  /** The IAM policy statements, exactly as the components write them. */
  statements: unknown[];
}

export interface ReportFinding {
  /** Finding code (`S3R013`) when the message names one, else null. */
  code: string | null;
  policyName: string;
  enforcementLevel: EnforcementLevel;
  severity: string | null;
  /** Class of the finding: `breaks-replication`, `security` or `advice` (null when no finding code names one). Only `breaks-replication` makes a path BROKEN. */
  kind: string | null;
  /** URN of the resource the finding is about, or null for a stack-wide finding. */
  urn: string | null;
  resourceType: string | null;
  resourceName: string | null;
  /** The message exactly as the policy pack reports it (policy description, newline, violation). */
  message: string;
  /** What is wrong: the violation without the policy description, finding tag and fix. */
  problem: string;
  /** How to fix it: the violation's own "Fix:" sentence, else the catalogue's help for the code, else the policy's remediation steps. */
  fix: string;
  /** Ids of the replication paths the finding concerns (`source -> destination`). */
  paths: string[];
  /** The export file holding the resource (several exports checked together), or null for a stack-wide finding. */
  export: string | null;
  /** For a contract finding (S3R066, S3R067): the statements its document must hold; else null. */
  contract: FindingContract | null;
}

export interface ReportBucket {
  name: string;
  arn: string;
  account: string | null;
  region: string | null;
  encryption: string | null;
  kmsKeyId: string | null;
  bucketKeyEnabled: boolean;
  urn: string | null;
  /** The export file holding the bucket resource, or null when no export holds it (named only by a rule). */
  export: string | null;
}

export interface ReportPath {
  id: string;
  ruleId: string | null;
  source: ReportBucket;
  destination: ReportBucket;
  roleArn: string | null;
  replicaKmsKeyId: string | null;
  configurationUrn: string | null;
  /** Finding codes (or policy names when a finding has no code) on this path, sorted, unique. */
  codes: string[];
  /** True when a finding on the path is mandatory. */
  broken: boolean;
  cost: PathKmsCost;
}

/** What must hold outside the checked stacks: the exact statements a role or destination the exports do not hold must hold. */
export interface ReportContract {
  /** `role`, `destination-bucket-policy` or `replica-key-policy`. */
  side: string;
  /** The replication configuration that needs it, as findings name it. */
  configuration: string;
  /** Its URN, or null. */
  urn: string | null;
  /** The export file holding the configuration, or null. */
  export: string | null;
  /** The paths (`source -> destination`) that need it. */
  paths: string[];
  /** The ARN of the role, bucket or key that must hold the statements. */
  holder: string;
  /** The IAM policy statements, exactly as the components write them. */
  statements: unknown[];
}

export interface CheckReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: "s3-replication check"; version: string };
  /** The input: the first export (`file`, `project`, `stack`) and, in `exports`, every export joined (one for a single file). */
  input: { file: string; project: string; stack: string; resources: number; exports: ExportSummary[] };
  policyPack: { name: string; version: string };
  config: Record<string, unknown>;
  summary: {
    findings: number;
    mandatory: number;
    advisory: number;
    paths: number;
    brokenPaths: number;
    /** Paths whose KMS requests exceed a region's quota at the given rate (worst case). */
    throttlingPaths: number;
    /** (Calling account, Region) places whose summed KMS load exceeds the quota (worst case). */
    throttlingRegions: number;
    /** 0 nothing mandatory violated, 1 something is. */
    exitCode: 0 | 1;
  };
  objectsPerSecond: number | null;
  paths: ReportPath[];
  findings: ReportFinding[];
  /** What must hold outside the exports (half-stacks): one entry per document, sorted. */
  contracts: ReportContract[];
  /** Policies that could not run because a value was unknown (preview exports). */
  notRun: string[];
  /** Policies that ran (for SARIF rules and documentation). */
  policies: PolicyDescription[];
  /** Objects per second per rule id (or path id) given with `--objects-per-second RULE=N`, else null. */
  objectsPerSecondByRule: Record<string, number> | null;
  /** KMS load per (calling account, Region), summed over every path that draws on it (with a rate), else null. */
  kmsLoad: AccountRegionKmsLoad[] | null;
  /** Monthly cost estimate in money (with a rate), else null. */
  monthlyCost: CostEstimate | null;
}

const CODE_RE = /\bS3R\d{3}\b/;
const TAG_RE = /^\[(S3R\d{3})(?: (critical|high|medium|low))?(?: (breaks-replication|security|advice))?\]\s*/;

/** Splits a pack message into its problem and fix (`[S3Rnnn sev] problem. Fix: fix.`). */
export function splitMessage(
  message: string,
  description: string,
): { problem: string; fix?: string; severity?: string; kind?: string } {
  let body =
    description !== "" && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message;
  const out: { problem: string; fix?: string; severity?: string; kind?: string } = { problem: body };
  const tag = TAG_RE.exec(body);
  if (tag !== null) {
    if (tag[2] !== undefined) out.severity = tag[2];
    if (tag[3] !== undefined) out.kind = tag[3];
    body = body.slice(tag[0].length);
  }
  const i = body.indexOf(" Fix: ");
  if (i >= 0) {
    out.fix = body.slice(i + " Fix: ".length).trim();
    body = body.slice(0, i);
  }
  out.problem = body.trim();
  return out;
}

export function findingCode(message: string): string | null {
  return CODE_RE.exec(message)?.[0] ?? null;
}

function ruleOf(code: string | null): (typeof FINDING_RULES)[FindingCode] | undefined {
  return code === null ? undefined : (FINDING_RULES as Record<string, (typeof FINDING_RULES)[FindingCode]>)[code];
}

function bucket(b: BucketView, origins: ReadonlyMap<string, string>): ReportBucket {
  return {
    name: b.name,
    arn: b.arn,
    account: b.account ?? null,
    region: b.region ?? null,
    encryption: b.encryption ?? null,
    kmsKeyId: b.keyId ?? null,
    bucketKeyEnabled: b.bucketKeyEnabled,
    urn: b.urn ?? null,
    export: (b.urn === undefined ? undefined : origins.get(b.urn)) ?? null,
  };
}

function isKms(alg: string | undefined): boolean {
  return alg === "aws:kms" || alg === "aws:kms:dsse";
}

/** The paths holding each URN, in path order (a violation's paths are looked up, never scanned for). */
function pathsByUrn(paths: readonly PathView[]): Map<string, PathView[]> {
  const index = new Map<string, PathView[]>();
  for (const p of paths) {
    for (const urn of p.urns) {
      const list = index.get(urn);
      if (list === undefined) index.set(urn, [p]);
      else if (list[list.length - 1] !== p) list.push(p);
    }
  }
  return index;
}

/** Which paths a violation concerns: those holding its resource, narrowed by bucket names in the message. */
function pathsOf(v: Violation, paths: PathView[], byUrn: ReadonlyMap<string, PathView[]>): string[] {
  let hits = v.urn === undefined ? paths : (byUrn.get(v.urn) ?? []);
  if (hits.length > 1 || v.urn === undefined) {
    const named = hits.filter((p) => v.message.includes(p.destination.name) && v.message.includes(p.source.name));
    const namedDest = hits.filter((p) => v.message.includes(p.destination.name));
    hits =
      named.length > 0
        ? named
        : namedDest.length > 0 && namedDest.length < hits.length
          ? namedDest
          : v.urn === undefined
            ? []
            : hits;
  }
  return [...new Set(hits.map((p) => p.id))];
}

/** The topology's contracts as the report lists them (sorted by configuration URN, side, holder). */
function reportContracts(topology: Topology, origins: ReadonlyMap<string, string>): ReportContract[] {
  return topology.contracts
    .map((c) => ({
      side: c.side,
      configuration: c.configuration,
      urn: c.urn ?? null,
      export: (c.urn === undefined ? undefined : origins.get(c.urn)) ?? null,
      paths: [...c.paths],
      holder: c.holder,
      statements: c.statements,
    }))
    .sort((a, b) => compare(a.urn ?? "", b.urn ?? "") || compare(a.side, b.side) || compare(a.holder, b.holder));
}

const CONTRACT_CODES: ReadonlySet<string> = new Set<string>([
  FindingCode.RoleContract,
  FindingCode.DestinationContract,
]);

/**
 * The contract a contract finding states: among its configuration's contracts, the one whose holder
 * and statements (as JSON) its message quotes. Null for any other finding.
 */
function contractOf(v: Violation, code: string | null, contracts: readonly ReportContract[]): FindingContract | null {
  if (code === null || !CONTRACT_CODES.has(code)) return null;
  const own = contracts.find(
    (c) =>
      c.urn === (v.urn ?? null) && v.message.includes(c.holder) && v.message.includes(JSON.stringify(c.statements)),
  );
  return own === undefined
    ? null
    : { side: own.side, holder: own.holder, paths: [...own.paths], statements: own.statements };
}

export interface ReportInput {
  file: string;
  project: string;
  stack: string;
  /** Every export joined (default: one, `file`). */
  exports?: ExportSummary[];
  /** The export file of each resource URN (default: every resource from `file`). */
  origins?: ReadonlyMap<string, string>;
  records: readonly RecordedResource[];
  engine: EngineResult;
  topology: Topology;
  config: Record<string, unknown>;
  objectsPerSecond?: number;
  /** Objects per second per rule id or path id (overrides objectsPerSecond for those paths). */
  objectsPerSecondByRule?: Record<string, number>;
  /** Average object size, bytes, for the money estimate (default DEFAULT_OBJECT_SIZE_BYTES). */
  objectSizeBytes?: number;
  toolVersion: string;
}

/** The object size the money estimate assumes unless told (1 MiB). */
export const DEFAULT_OBJECT_SIZE_BYTES = 1024 * 1024;

/** The rate of one path: its rule's (or its own id's) given rate, else the global one. */
function rateOf(p: PathView, input: ReportInput): number | undefined {
  const byRule = input.objectsPerSecondByRule ?? {};
  return (p.ruleId === undefined ? undefined : byRule[p.ruleId]) ?? byRule[p.id] ?? input.objectsPerSecond;
}

/** The two KMS sides of a path. */
function kmsSides(p: PathView): { source: KmsSideInput; destination: KmsSideInput } {
  return {
    source: {
      region: p.source.region ?? "unknown",
      usesKms: isKms(p.source.encryption),
      dsse: p.source.encryption === "aws:kms:dsse",
      bucketKeyEnabled: p.source.bucketKeyEnabled,
    },
    destination: {
      region: p.destination.region ?? "unknown",
      usesKms: p.replicaKmsKeyId !== undefined || isKms(p.destination.encryption),
      dsse: p.destination.encryption === "aws:kms:dsse",
      bucketKeyEnabled: p.destination.bucketKeyEnabled,
    },
  };
}

/** The calling account of a path: its role's account (replication's KMS requests are charged to it), else the source bucket's. */
function callingAccount(p: PathView): string {
  return p.role?.arn?.split(":")[4] || p.source.account || "unknown";
}

/** The KMS load per (calling account, Region) and the monthly cost, for the paths that have a rate. */
function loadAndCost(input: ReportInput): Pick<CheckReport, "kmsLoad" | "monthlyCost"> {
  const rated = input.topology.paths.flatMap((p) => {
    const rate = rateOf(p, input);
    return rate === undefined ? [] : [{ p, rate }];
  });
  if (rated.length === 0) return { kmsLoad: null, monthlyCost: null };
  const kmsLoad = accountRegionKmsLoad(
    rated.map(({ p, rate }): KmsPathLoadInput => ({
      id: p.id,
      account: callingAccount(p),
      sourceBucket: p.source.name,
      ...kmsSides(p),
      objectsPerSecond: rate,
    })),
  );
  const keys = input.records.filter((r) => /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/.test(r.type));
  const rotating = keys.filter(
    (r) => r.outputs?.["enableKeyRotation"] === true || r.inputs?.["enableKeyRotation"] === true,
  );
  return {
    kmsLoad,
    monthlyCost: monthlyCost({
      rules: rated.map(({ p, rate }) => ({
        objectsPerSecond: rate,
        metrics: p.metrics === true,
        replicationTime: p.replicationTime === true,
        crossRegion: p.source.region !== undefined && p.source.region !== p.destination.region,
      })),
      objectSizeBytes: input.objectSizeBytes ?? DEFAULT_OBJECT_SIZE_BYTES,
      kmsLoad,
      keys: keys.length,
      rotatingKeys: rotating.length,
    }),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the report (deterministic order: findings by path, urn, policy, message). */
export function buildReport(input: ReportInput): CheckReport {
  const byUrn = new Map(input.records.map((r) => [r.urn, r]));
  const origins = input.origins ?? new Map(input.records.map((r) => [r.urn, input.file]));
  const policies = new Map(input.engine.policies.map((p) => [p.name, p]));
  const pathIndex = pathsByUrn(input.topology.paths);
  const contracts = reportContracts(input.topology, origins);
  const findings: ReportFinding[] = input.engine.violations.map((v) => {
    const code = findingCode(v.message);
    const rule = ruleOf(code);
    const rec = v.urn === undefined ? undefined : byUrn.get(v.urn);
    const parsed = v.urn === undefined ? undefined : parseUrn(v.urn);
    const policy = policies.get(v.policyName);
    const split = splitMessage(v.message, policy?.description ?? "");
    return {
      code,
      policyName: v.policyName,
      enforcementLevel: v.enforcementLevel,
      severity: split.severity ?? rule?.severity ?? v.severity ?? policy?.severity ?? null,
      kind: split.kind ?? rule?.kind ?? null,
      urn: v.urn ?? null,
      resourceType: rec?.type ?? parsed?.qualifiedType.split("$").pop() ?? null,
      resourceName: rec?.name ?? parsed?.name ?? null,
      message: v.message,
      problem: split.problem,
      fix: split.fix ?? rule?.help ?? (policy?.remediationSteps || policy?.description || ""),
      paths: pathsOf(v, input.topology.paths, pathIndex).sort(compare),
      export: (v.urn === undefined ? undefined : origins.get(v.urn)) ?? null,
      contract: contractOf(v, code, contracts),
    };
  });
  findings.sort(
    (a, b) =>
      compare(a.paths[0] ?? "\uffff", b.paths[0] ?? "\uffff") ||
      compare(a.urn ?? "", b.urn ?? "") ||
      compare(a.policyName, b.policyName) ||
      compare(a.message, b.message),
  );
  const paths: ReportPath[] = input.topology.paths.map((p) => {
    const mine = findings.filter((f) => f.paths.includes(p.id));
    return {
      id: p.id,
      ruleId: p.ruleId ?? null,
      source: bucket(p.source, origins),
      destination: bucket(p.destination, origins),
      roleArn: p.role?.arn ?? null,
      replicaKmsKeyId: p.replicaKmsKeyId ?? null,
      configurationUrn: p.configurationUrn ?? null,
      codes: [...new Set(mine.map((f) => f.code ?? f.policyName))].sort(compare),
      // BROKEN only for a finding that breaks replication (security and advice findings leave the path working).
      broken: mine.some((f) => f.kind === "breaks-replication"),
      cost: ((sides) => pathKmsCost(sides.source, sides.destination, rateOf(p, input)))(kmsSides(p)),
    };
  });
  const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
  const { kmsLoad, monthlyCost: cost } = loadAndCost(input);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "s3-replication check", version: input.toolVersion },
    input: {
      file: input.file,
      project: input.project,
      stack: input.stack,
      resources: input.records.length,
      exports: input.exports ?? [
        { file: input.file, project: input.project, stack: input.stack, resources: input.records.length },
      ],
    },
    policyPack: { name: input.engine.packName, version: input.engine.packVersion },
    config: input.config,
    summary: {
      findings: findings.length,
      mandatory,
      advisory: findings.filter((f) => f.enforcementLevel === "advisory").length,
      paths: paths.length,
      brokenPaths: paths.filter((p) => p.broken).length,
      throttlingPaths: paths.filter((p) => (p.cost.load ?? []).some((l) => l.throttles !== "no")).length,
      throttlingRegions: (kmsLoad ?? []).filter((l) => l.throttles !== "no").length,
      exitCode: mandatory > 0 ? 1 : 0,
    },
    objectsPerSecond: input.objectsPerSecond ?? null,
    paths,
    findings,
    contracts,
    notRun: [...input.engine.advisories].sort(compare),
    policies: [...input.engine.policies].sort((a, b) => compare(a.name, b.name)),
    objectsPerSecondByRule: input.objectsPerSecondByRule ?? null,
    kmsLoad,
    monthlyCost: cost,
  };
}
