/**
 * The thin layer every check is: map the stack once (memoized per AnalyzeStack), run the core
 * analysis once per option set, report the findings of the check's codes. No AWS rule lives here.
 */

import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  Severity,
  StackValidationArgs,
} from "@pulumi/policy";
import {
  FINDING_CLASSES,
  FINDING_RULES,
  blocksByDefault,
  Finding,
  FindingClass,
  FindingCode,
  FoundReplication,
  ReplicationCheckOptions,
  analyzeReplication,
  indexOnce,
  positionsByKey,
  resolveKey,
  unreadableValueFinding,
} from "s3-replication/components/model";
import { redactSecretValues } from "../secretValues";
import {
  PendingJudgement,
  PlainResource,
  StackModel,
  UNKNOWN_IN_PREVIEW,
  allSealed,
  mapPlainStack,
  programInputsGeneration,
  refOf,
  rememberSealedModel,
  samePlainResources,
  sameSealedResources,
  toPlainResources,
} from "../mapping";

/** What a stack policy's analysis produced. */
export interface StackAnalysis {
  model: StackModel;
  /** Findings with the URN they are reported against. */
  findings: Array<{ finding: Finding; urn?: string }>;
  /** What could not be judged (internal errors). */
  errors: string[];
  /**
   * Findings that hold for some of the accounts an unknown account may be (a provider that does
   * not reveal its account in preview) and not for others: judged at `up`, named in advisories.
   */
  pending: PendingJudgement[];
}

let lastResources: PlainResource[] | undefined;
/** The argument array lastResources was read from: every check of one stack policy call gets this same array. */
let lastArray: unknown;
/** The sealed resource objects lastResources was mapped from (see mapping/sealed.ts), if they were. */
let lastSealed: readonly object[] | undefined;
let lastModel: StackModel | undefined;
let lastError: string | undefined;
/** The programInputsGeneration lastModel was mapped under (what the checker knows of the inputs). */
let lastGeneration = -1;
const analysisCache = new Map<string, StackAnalysis>();

/**
 * The stack model for these args, mapped once per distinct stack. Every stack policy of one
 * AnalyzeStack gets its own copy of the same resources: recognised in place as the stack mapped
 * last (samePlainResources: no serialisation or second copy of the stack per policy call), or,
 * when the resources are sealed (the checker's direct analysis hands every policy the same
 * immutable objects), by identity alone.
 * Throws what the reading throws.
 */
export function modelFor(args: Pick<StackValidationArgs, "resources">): {
  model: StackModel | undefined;
  error?: string;
} {
  // The checks of one validateStack call share its args: the same array, recognised by identity.
  if (lastResources !== undefined && args.resources === lastArray)
    return { model: lastModel, ...(lastError !== undefined ? { error: lastError } : {}) };
  const same =
    lastResources !== undefined &&
    lastGeneration === programInputsGeneration() &&
    (lastSealed !== undefined
      ? sameSealedResources(args.resources, lastSealed)
      : samePlainResources(args.resources, lastResources));
  if (!same) {
    lastResources = toPlainResources(args.resources);
    lastSealed = allSealed(args.resources) ? [...args.resources] : undefined;
    lastGeneration = programInputsGeneration();
    analysisCache.clear();
    try {
      lastModel = mapPlainStack(lastResources);
      lastError = undefined;
      if (lastSealed !== undefined) rememberSealedModel(lastSealed, lastModel);
    } catch (error) {
      lastModel = undefined;
      lastError = describe(error);
    }
  } else if (lastSealed === undefined && allSealed(args.resources)) {
    // The same stack, mapped from an earlier copy: recognised by identity from now on.
    lastSealed = [...args.resources];
    if (lastModel !== undefined) rememberSealedModel(lastSealed, lastModel);
  }
  lastArray = args.resources;
  return { model: lastModel, ...(lastError !== undefined ? { error: lastError } : {}) };
}

/** The plain records of the stack (read once per stack policy call, shared with the mapping). */
function plainResourcesOf(args: Pick<StackValidationArgs, "resources">): readonly PlainResource[] {
  modelFor(args);
  return lastResources ?? [];
}

/**
 * Ends one stack policy call: its argument array is no longer recognised by identity (a later call
 * handing the same array, changed in place, is compared or mapped again).
 */
export function forgetStackArgs(): void {
  lastArray = undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The options as the analysis reads them: `requireReplicationTime` counts only when true (its
 * default is false), so a policy configured `requireReplicationTime: false` shares the analysis
 * of the policies without options instead of running it again.
 */
function effectiveOptions(options: ReplicationCheckOptions): ReplicationCheckOptions {
  const { requireReplicationTime, ...rest } = options;
  return requireReplicationTime === true ? { ...rest, requireReplicationTime } : rest;
}

/** analyzeReplication over every replication of one model: findings the pack can judge, with their URN. */
function judgeModel(model: StackModel, options: ReplicationCheckOptions): Judged {
  const findings: Array<{ finding: Finding; urn?: string }> = [];
  const waiting: Array<{ finding: Finding; urn?: string }> = [];
  const errors: string[] = [];
  for (const replication of model.replications) {
    try {
      for (const item of analyzeReplication(replication, { ...options, undecided: true })) {
        if (isUnjudgeable(model, replication, item)) continue;
        if (item.waitsFor !== undefined) {
          // Named against the unknown document's resource: that is what preview cannot read.
          const urn = urnFor(model, item.waitsFor) ?? model.urnOfRef.get(replication.ref);
          waiting.push({ finding: item, ...(urn ? { urn } : {}) });
          continue;
        }
        const urn = urnFor(model, item.subject) ?? model.urnOfRef.get(replication.ref);
        findings.push({ finding: item, ...(urn ? { urn } : {}) });
      }
    } catch (error) {
      errors.push(`${replication.ref} could not be analysed: ${describe(error)}`);
    }
  }
  // A value of the wrong type is read as absent: never silently, it is a finding on its resource.
  for (const value of model.unreadable) findings.push({ finding: unreadableValueFinding(value), urn: value.urn });
  return { findings, waiting, errors };
}

/** What one model's analysis gives: verdicts, the checks waiting on unknown documents, errors. */
interface Judged {
  findings: Array<{ finding: Finding; urn?: string }>;
  waiting: Array<{ finding: Finding; urn?: string }>;
  errors: string[];
}

/** How an advisory names the check a finding is: its code, title, subject, and the request at stake. */
function checkOf(item: Finding): string {
  const request =
    item.detail["action"] !== undefined && item.detail["resource"] !== undefined
      ? `: ${item.detail["action"]} on ${item.detail["resource"]}`
      : "";
  return `${item.code} ${FINDING_RULES[item.code].title}, ${item.subject}${request}`;
}

/** Adds checks to the pending entries (one per resource), creating entries as needed. */
function addPending(
  entries: Map<string, PendingJudgement>,
  urn: string,
  ref: string,
  unknown: string[],
  check: string | undefined,
): void {
  let entry = entries.get(urn);
  if (entry === undefined) {
    entry = { urn, ref, unknown: [...unknown] };
    entries.set(urn, entry);
  }
  for (const what of unknown) if (!entry.unknown.includes(what)) entry.unknown.push(what);
  if (check !== undefined) {
    entry.checks = entry.checks ?? [];
    if (!entry.checks.includes(check)) entry.checks.push(check);
  }
}

/** The model's pending entries plus the checks waiting on unknown documents, one entry per resource. */
function pendingWith(
  model: StackModel,
  waiting: Judged["waiting"],
  extra: Map<string, PendingJudgement>,
): PendingJudgement[] {
  const entries = new Map<string, PendingJudgement>();
  for (const entry of model.pending) addPending(entries, entry.urn, entry.ref, entry.unknown, undefined);
  const refOfUrn = new Map([...model.urnOfRef].map(([ref, urn]) => [urn, ref] as const));
  for (const { finding: item, urn } of waiting) {
    const target = urn ?? "";
    const what = `the document of ${item.waitsFor ?? "a resource policy"}`;
    const known = entries.get(target);
    addPending(
      entries,
      target,
      refOfUrn.get(target) ?? item.waitsFor ?? item.subject,
      known ? [] : [what],
      checkOf(item),
    );
  }
  for (const entry of extra.values())
    for (const check of entry.checks ?? [undefined]) addPending(entries, entry.urn, entry.ref, entry.unknown, check);
  return [...entries.values()];
}

/** At most this many account assignments are judged; beyond, every account-dependent finding waits for `up`. */
const MAX_ACCOUNT_VARIANTS = 32;

/** One way the unknown accounts may be: an account per provider URN, and the stand-ins it uses. */
interface AccountVariant {
  accounts: Map<string, string>;
  /** Stand-in account ids (no account the stack names) and the provider each stands for. */
  standIns: Map<string, string>;
}

/**
 * The accounts the unknown ones may be: each a fresh account of its own (a stand-in no value of
 * the stack names), any account the stack names, or the same as an earlier unknown one. The first
 * variant gives every unknown provider its own stand-in. Undefined when there are too many.
 */
export function accountVariants(
  model: Pick<StackModel, "unknownAccounts" | "namedAccounts">,
): AccountVariant[] | undefined {
  const named = new Set(model.namedAccounts);
  const standIns: string[] = [];
  for (let n = 1; standIns.length < model.unknownAccounts.length; n++) {
    const candidate = String(n).padStart(12, "0");
    if (!named.has(candidate)) standIns.push(candidate);
  }
  let variants: Array<Array<string>> = [[]];
  model.unknownAccounts.forEach((_, index) => {
    const choices = [standIns[index] as string, ...standIns.slice(0, index), ...model.namedAccounts];
    variants = variants.flatMap((prefix) => choices.map((choice) => [...prefix, choice]));
  });
  if (variants.length > MAX_ACCOUNT_VARIANTS) return undefined;
  return variants.map((choice) => {
    const accounts = new Map<string, string>();
    const used = new Map<string, string>();
    model.unknownAccounts.forEach((unknown, index) => {
      const account = choice[index] as string;
      accounts.set(unknown.provider, account);
      const standIn = standIns.indexOf(account);
      if (standIn >= 0) used.set(account, model.unknownAccounts[standIn]?.label ?? unknown.label);
    });
    return { accounts, standIns: used };
  });
}

/** Replaces stand-in account ids in a text. */
function replaceStandIns(text: string, standIns: Map<string, string>, as: (label: string) => string): string {
  let out = text;
  for (const [account, label] of standIns) out = out.split(account).join(as(label));
  return out;
}

/** A finding's identity across account variants (stand-ins made equal). */
function findingKey(item: Finding, standIns: Map<string, string>): string {
  const { code, subject, location, path, detail } = item;
  return replaceStandIns(
    JSON.stringify([code, subject, location ?? "", path ?? "", detail]),
    standIns,
    (label) => `<${label}>`,
  );
}

/** A finding with its stand-in accounts named as what they stand for. */
function withNamedAccounts(item: Finding, standIns: Map<string, string>): Finding {
  if (standIns.size === 0) return item;
  const name = (text: string): string => replaceStandIns(text, standIns, (label) => `<the account of ${label}>`);
  return { ...item, subject: name(item.subject), message: name(item.message), fix: name(item.fix) };
}

/**
 * Judges a stack whose unknown accounts may be several: a finding is reported when it holds for
 * every account they may be; one that holds for some only waits for `up`, named in an advisory
 * (the resource, the unknown account and the check).
 */
function judgeVariants(
  resources: PlainResource[],
  model: StackModel,
  variants: AccountVariant[] | undefined,
  options: ReplicationCheckOptions,
): StackAnalysis {
  const runs = (variants ?? accountVariants({ unknownAccounts: model.unknownAccounts, namedAccounts: [] }) ?? []).map(
    (variant) => {
      const mapped = mapPlainStack(resources, { accounts: variant.accounts });
      const judged = judgeModel(mapped, options);
      return {
        variant,
        model: mapped,
        ...judged,
        keys: new Set(judged.findings.map((f) => findingKey(f.finding, variant.standIns))),
      };
    },
  );
  const first = runs[0];
  if (first === undefined) return { model, findings: [], errors: [], pending: model.pending };
  const result: StackAnalysis = {
    model: first.model,
    findings: [],
    errors: [...new Set(runs.flatMap((run) => run.errors))],
    pending: [],
  };
  const refOfUrn = new Map([...first.model.urnOfRef].map(([ref, urn]) => [urn, ref] as const));
  const pendingByUrn = new Map<string, PendingJudgement>();
  const unknown = model.unknownAccounts.map(
    (u) => `the account of ${u.label} (it declares no assumeRoles or allowedAccountIds)`,
  );
  const seen = new Set<string>();
  for (const run of runs) {
    for (const { finding: item, urn } of run.findings) {
      const key = findingKey(item, run.variant.standIns);
      if (seen.has(key)) continue;
      seen.add(key);
      const everywhere = variants !== undefined && runs.every((other) => other.keys.has(key));
      if (everywhere) {
        result.findings.push({ finding: withNamedAccounts(item, run.variant.standIns), ...(urn ? { urn } : {}) });
        continue;
      }
      const target = urn ?? first.model.urnOfRef.get(item.subject) ?? "";
      let entry = pendingByUrn.get(target);
      if (entry === undefined) {
        entry = { urn: target, ref: refOfUrn.get(target) ?? item.subject, unknown, checks: [] };
        pendingByUrn.set(target, entry);
      }
      const holds = runs.filter((other) => other.keys.has(key)).map((other) => describeVariant(other.variant, model));
      const check = `${checkOf(withNamedAccounts(item, run.variant.standIns))}${variants !== undefined ? `, found if ${holds.join(" or ")}` : ""}`;
      if (!entry.checks?.includes(check)) entry.checks?.push(check);
    }
  }
  const waiting = runs.flatMap((run) =>
    run.waiting.map((w) => ({ ...w, finding: withNamedAccounts(w.finding, run.variant.standIns) })),
  );
  const uniqueWaiting = [...new Map(waiting.map((w) => [JSON.stringify([w.urn, checkOf(w.finding)]), w])).values()];
  result.pending = pendingWith(first.model, uniqueWaiting, pendingByUrn);
  return result;
}

/** How an advisory names one account variant: `the account of X is 222222222222`, `... is another account`. */
function describeVariant(variant: AccountVariant, model: StackModel): string {
  return model.unknownAccounts
    .map((u) => {
      const account = variant.accounts.get(u.provider) ?? "";
      const standIn = variant.standIns.get(account);
      return standIn === undefined
        ? `the account of ${u.label} is ${account}`
        : standIn === u.label
          ? model.namedAccounts.length === 0
            ? `the account of ${u.label} is any`
            : `the account of ${u.label} is not ${model.namedAccounts.join(" nor ")}`
          : `the account of ${u.label} is that of ${standIn}`;
    })
    .join(" and ");
}

/** Runs analyzeReplication over every replication of the stack (memoized per options that change it). */
export function analyzeStack(
  args: Pick<StackValidationArgs, "resources">,
  options: ReplicationCheckOptions = {},
): StackAnalysis | undefined {
  const { model, error } = modelFor(args);
  if (model === undefined)
    return error === undefined
      ? undefined
      : { model: emptyModel(), findings: [], errors: [`the stack could not be mapped: ${error}`], pending: [] };
  const key = JSON.stringify(effectiveOptions(options));
  const cached = analysisCache.get(key);
  if (cached) return cached;
  let result: StackAnalysis;
  if (model.unknownAccounts.length === 0 || lastResources === undefined) {
    const judged = judgeModel(model, options);
    result = {
      model,
      findings: judged.findings,
      errors: judged.errors,
      pending: pendingWith(model, judged.waiting, new Map()),
    };
  } else result = judgeVariants(lastResources, model, accountVariants(model), options);
  analysisCache.set(key, result);
  return result;
}

function emptyModel(): StackModel {
  return {
    replications: [],
    buckets: [],
    keys: [],
    urnOfRef: new Map(),
    unknownReplicaKeys: new Set(),
    placeholderRules: new Set(),
    ordering: [],
    writers: [],
    readRefs: new Set(),
    pending: [],
    urnsOfRef: new Map(),
    keysByReference: {},
    roles: [],
    unknownAccounts: [],
    namedAccounts: [],
    unreadable: [],
  };
}

/** Codes that do not depend on a rule's content (judged even when the rules are unknown in preview). */
const RULE_INDEPENDENT = new Set<FindingCode>([
  FindingCode.VersioningNotEnabled,
  FindingCode.ObjectLockDestinationMissing,
  FindingCode.SourceOwnershipNotEnforced,
  FindingCode.InvalidAction,
  FindingCode.MalformedArn,
  FindingCode.KeyRotationDisabled,
  FindingCode.KeyStateInvalid,
  FindingCode.TrustAdmitsOthers,
  FindingCode.TrustDeniesS3,
  FindingCode.TrustUnverifiedCondition,
]);

/** Key-policy findings a KMS grant can make moot. */
const GRANT_COVERABLE = new Set<FindingCode>([
  FindingCode.KeyPolicyMissingRole,
  FindingCode.BucketKeyDecryptMissing,
  FindingCode.KmsContextMismatch,
]);

/**
 * A key policy that does not admit the role, on a key with a grant to the role for that operation,
 * while the role's own policies are unknown (preview): across accounts the grant serves only when
 * the role's policy allows the call too, which cannot be known yet.
 */
function grantPendingIdentity(replication: FoundReplication, item: Finding): boolean {
  if (!GRANT_COVERABLE.has(item.code)) return false;
  const { action, resource, principal } = item.detail;
  if (action === undefined || resource === undefined || principal === undefined || !action.startsWith("kms:"))
    return false;
  const key = resolveKey(replication, resource);
  const granted = key?.grants.some(
    (grant) => grant.granteePrincipal === principal && grant.operations.includes(action.slice("kms:".length)),
  );
  const role = replication.role;
  return (
    granted === true && (role === undefined || role.policies.some((policy) => policy.unreadable === UNKNOWN_IN_PREVIEW))
  );
}

/** Findings that rest on a value unknown in preview (a replica key the mapping could not join, a role policy a grant depends on). */
function isUnjudgeable(model: StackModel, replication: FoundReplication, item: Finding): boolean {
  if (model.placeholderRules.has(replication.ref) && !RULE_INDEPENDENT.has(item.code)) return true;
  if (grantPendingIdentity(replication, item)) return true;
  if (item.code !== FindingCode.KmsOptInWithoutReplicaKey && item.code !== FindingCode.KmsObjectsSkipped) return false;
  return item.location !== undefined && model.unknownReplicaKeys.has(`${replication.ref}|${item.location}`);
}

/** The URN of the resource a finding's subject names (a ref, or a ref followed by a part of it). */
export function urnFor(model: StackModel, subject: string): string | undefined {
  const exact = model.urnOfRef.get(subject);
  if (exact) return exact;
  // The longest ref followed by a space: looked up at each space (refs are indexed, never scanned).
  for (let end = subject.lastIndexOf(" "); end > 0; end = subject.lastIndexOf(" ", end - 1)) {
    const urn = model.urnOfRef.get(subject.slice(0, end));
    if (urn) return urn;
  }
  return undefined;
}

/** A finding as a violation message: resource, location, what is wrong, the exact setting, the fix. */
export function messageOf(item: Finding): string {
  const where = item.location ? ` (${item.location})` : "";
  const path = item.path ? ` [${item.path}]` : "";
  return `[${item.code} ${item.severity} ${item.kind}] ${item.subject}${where}${path}: ${item.message} Fix: ${item.fix}.`.replace(
    /\.\.$/,
    ".",
  );
}

/** The enforcement level a severity defaults to. */
export function defaultEnforcement(severity: Severity): EnforcementLevel {
  return severity === "critical" || severity === "high" ? "mandatory" : "advisory";
}

/** The finding classes (breaks-replication, security, advice, ...) of some codes, as the catalogue gives them. */
export function findingClassesOf(codes: FindingCode[]): FindingClass[] {
  return FINDING_CLASSES.filter((kind) => codes.some((code) => FINDING_RULES[code].kind === kind));
}

/**
 * The default enforcement of a check from the classes of its codes: mandatory when any code
 * blocks by default (breaks replication, security), advisory otherwise. A mandatory check does
 * not report advice-class findings (replication-advice reports them, advisory), so an existing
 * estate is blocked only by what breaks replication and by real exposure.
 */
export function enforcementFor(codes: FindingCode[]): EnforcementLevel {
  return findingClassesOf(codes).some(blocksByDefault) ? "mandatory" : "advisory";
}

/** A description followed by the classes of its findings. */
export function describedWithClasses(description: string, codes: FindingCode[]): string {
  return `${description} Finding classes: ${findingClassesOf(codes).join(", ")}.`;
}

/** Remediation text from the catalogue's help of each code. */
export function remediationFor(codes: FindingCode[], extra = ""): string {
  return [
    ...codes.map((code) => `${code} ${FINDING_RULES[code].title}: ${FINDING_RULES[code].help}`),
    ...(extra ? [extra] : []),
  ].join("\n");
}

/** The policy's config (an object; none = empty). */
export function configOf<T extends object>(args: { getConfig<C extends object>(): C }): Partial<T> {
  const config = args.getConfig<T>();
  return config !== null && typeof config === "object" ? config : {};
}

/**
 * What a check reports when it throws: a violation at its own enforcement level, so an error in
 * a check fails closed instead of passing silently (the policy SDK fails the whole analysis).
 */
export function couldNotJudge(error: unknown): string {
  return `could not be judged: ${describe(error)}`;
}

/**
 * One check of the pack: one invariant (one file under policies/), run by the pack's one stack
 * policy (policies/stack-policy.ts) on the stack it reads once. Its name is the group its findings
 * report under (the policy name of a violation) and a key of the `checks` config.
 */
export interface Check {
  name: string;
  description: string;
  severity: Severity;
  /** Its default level: the level of its findings that block by default (see findingLevel). */
  enforcementLevel: EnforcementLevel;
  /** The catalogue codes it reports (none for a check without codes, e.g. replication-ordering). */
  codes: FindingCode[];
  remediationSteps: string;
  /** Its config properties (merged into the stack policy's configSchema). */
  configSchema?: PolicyConfigSchema;
  /** It reports every class, each finding at its class's default level (catalogue-findings). */
  byClass?: boolean;
  /** Reports its findings of the stack, each one line; never throws (an error is reported). */
  run: (args: Pick<StackValidationArgs, "resources">, config: Record<string, unknown>, report: CheckReport) => void;
}

/** How a check reports one violation: its message (one line) and the URN it is about. */
export type CheckReport = (message: string, urn?: string) => void;

/** Definition of a check reporting the core findings of some codes. */
export interface FindingCheckDefinition {
  name: string;
  description: string;
  severity: Severity;
  codes: FindingCode[];
  enforcementLevel?: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
  remediationSteps?: string;
  /** Analysis options from the config. */
  options?: (config: Record<string, unknown>) => ReplicationCheckOptions;
  /** Findings beyond analyzeReplication (per-bucket or per-key checks), from the model. */
  extra?: (model: StackModel, config: Record<string, unknown>) => Finding[];
  /**
   * A finding of this check's invariant read from another code's finding of the same analysis
   * (reported against the same resource), e.g. a denied s3:ObjectOwnerOverrideToBucketOwner is
   * both a missing permission and an incomplete ownership override.
   */
  derive?: (item: Finding) => Finding | undefined;
  /** Report only advice-class findings (the replication-advice check). */
  adviceOnly?: boolean;
  /** Report findings of every class, each at its class's default level (catalogue-findings). */
  byClass?: boolean;
  /**
   * With adviceOnly: the codes, beyond its own, whose advice-class findings it reports (the
   * replication-advice check: every code of a blocking check, which leaves advice out).
   */
  adviceOf?: (code: FindingCode) => boolean;
}

/** A check that reports the core's findings of its codes; an exception is reported as a violation, never thrown or swallowed. */
export function findingCheck(definition: FindingCheckDefinition): Check {
  const codes = new Set<string>(definition.codes);
  const enforcementLevel = definition.enforcementLevel ?? enforcementFor(definition.codes);
  const adviceOf = (code: FindingCode): boolean => codes.has(code) || definition.adviceOf?.(code) === true;
  const reports = (item: Finding): boolean =>
    definition.adviceOnly === true
      ? item.kind === FindingClass.Advice && adviceOf(item.code)
      : codes.has(item.code) &&
        (definition.byClass === true || enforcementLevel === "advisory" || item.kind !== FindingClass.Advice);
  return {
    name: definition.name,
    description: describedWithClasses(definition.description, definition.codes),
    severity: definition.severity,
    enforcementLevel,
    codes: definition.codes,
    remediationSteps: definition.remediationSteps ?? remediationFor(definition.codes),
    ...(definition.configSchema ? { configSchema: definition.configSchema } : {}),
    ...(definition.byClass === true ? { byClass: true } : {}),
    run: (args, config, reportViolation) => {
      try {
        const options = definition.options?.(config) ?? {};
        const analysis = analyzeStack(args, options);
        if (analysis === undefined) return;
        for (const error of analysis.errors) reportViolation(couldNotJudge(error));
        const seen = new Set<string>();
        const report = (item: Finding, urn: string | undefined): void => {
          if (!reports(item)) return;
          const message = messageOf(item);
          if (seen.has(message)) return;
          seen.add(message);
          reportViolation(message, urn);
        };
        for (const { finding: item, urn } of analysis.findings) {
          report(item, urn);
          const derived = definition.derive?.(item);
          if (derived) report(derived, urn);
        }
        if (definition.extra) {
          const extra = definition.extra(analysis.model, config);
          for (const item of extra) report(item, urnFor(analysis.model, item.subject));
        }
      } catch (error) {
        reportViolation(couldNotJudge(error));
      }
    },
  };
}

/**
 * A violation in the SDK's object form (server.js makeReportViolationFun, @pulumi/policy 1.21):
 * the policy name, level and severity it names replace the reporting policy's, so one policy
 * reports every check under the check's own name and level.
 */
export interface NamedViolation {
  name: string;
  message: string;
  description: string;
  severity: Severity;
  urn?: string;
  /** Absent: the reporting policy's level as the engine configured it. */
  enforcementLevel?: EnforcementLevel;
}

/**
 * Reports a violation in the SDK's object form (the typed signature declares only the string form).
 * Every violation of the pack passes here: its message shows `[secret]` wherever it would quote a
 * value the engine sent as a secret (policypack/secretValues.ts).
 */
export function reportNamed(reportViolation: ReportViolation, violation: NamedViolation): void {
  const message = redactSecretValues(violation.message);
  (reportViolation as unknown as (violation: NamedViolation) => void)({ ...violation, message });
}

/** Definition of a check judging each resource of some types on its own, through core findings. */
export interface ResourceFindingCheckDefinition {
  name: string;
  description: string;
  severity: Severity;
  codes: FindingCode[];
  /** The resource types it judges (every other resource is skipped). */
  types: string[];
  remediationSteps?: string;
  /** Core findings for one resource. */
  judge: (resource: PlainResource, ref: string, config: Record<string, unknown>) => Finding[];
}

/**
 * A check of single resources, run by the stack policy on the resources it has already read (no
 * copy of its own from the SDK): every resource of its types judged alone, each finding of its
 * codes (any class) reported against that resource; an exception is reported, never thrown.
 */
export function resourceFindingCheck(definition: ResourceFindingCheckDefinition): Check {
  const codes = new Set<string>(definition.codes);
  const types = new Set(definition.types);
  return {
    name: definition.name,
    description: describedWithClasses(definition.description, definition.codes),
    severity: definition.severity,
    enforcementLevel: enforcementFor(definition.codes),
    codes: definition.codes,
    remediationSteps: definition.remediationSteps ?? remediationFor(definition.codes),
    run: (args, config, report) => {
      try {
        const resources = resourcesOfTypes(plainResourcesOf(args), types);
        for (let index = 0; index < resources.length; index++) {
          const resource = resources[index]!;
          for (const item of definition.judge(resource, refOf(resource), config))
            if (codes.has(item.code)) report(messageOf(item), resource.urn);
        }
      } catch (error) {
        report(couldNotJudge(error));
      }
    },
  };
}

/**
 * The positions of each type's resources in one stack's plain records, built once per records
 * array (every resource check of a stack policy call gets the same array): each check then visits
 * the resources of its types only, instead of every resource of the stack.
 */
const positionsByType = new WeakMap<readonly PlainResource[], Map<string, number[]>>();

function typePositions(resources: readonly PlainResource[]): Map<string, number[]> {
  return indexOnce(positionsByType, resources, (list) => positionsByKey(list, (resource) => resource.type));
}

/** The resources of some types, in the stack's order. */
function resourcesOfTypes(resources: readonly PlainResource[], types: ReadonlySet<string>): PlainResource[] {
  const index = typePositions(resources);
  const positions: number[] = [];
  for (const type of types) {
    const of = index.get(type);
    if (of !== undefined) for (let at = 0; at < of.length; at++) positions.push(of[at]!);
  }
  if (types.size > 1) positions.sort((left, right) => left - right);
  return positions.map((position) => resources[position]!);
}

/** A string-list config value. */
export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? (value as string[]) : undefined;
}
