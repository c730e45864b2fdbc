// Public types of the offline harness (re-exported by policypack/testing.ts).
import type { EnforcementLevel, Policies, Severity } from "@pulumi/policy";
import type { WireObject, WireValue } from "./wire";

export type { WireObject, WireValue };

/** The provider a resource is managed by, as the engine hands it to `Analyze`/`AnalyzeStack`. */
export interface RecordedProvider {
  /** Provider URN, e.g. `urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0`. */
  urn: string;
  /** Provider id: a UUID in update mode, the unknown sentinel in preview. */
  id: string;
  /** The engine's provider reference `<urn>::<id>`. */
  ref: string;
  /** Provider resource name (`default_7_48_0` for a default provider). */
  name: string;
  /** Provider type, e.g. `pulumi:providers:aws`. */
  type: string;
  /** The provider's inputs in wire form (region, assumeRoles, allowedAccountIds, version, ...). */
  props: WireObject;
}

/** Resource options as the engine passes them to the analyzer. */
export interface RecordedOptions {
  protect: boolean;
  ignoreChanges: string[];
  /** Present only when the program set it. */
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  customTimeouts: { createSeconds: number; updateSeconds: number; deleteSeconds: number };
  retainOnDelete: boolean;
}

/** One resource of the run, as the engine records it in its state. */
export interface RecordedResource {
  type: string;
  name: string;
  /** URN as the engine builds it (parent's full qualified type, Stack type dropped). */
  urn: string;
  custom: boolean;
  /** Id of a custom resource or provider (unknown sentinel in preview when AWS would not know it). */
  id?: string;
  /** Parent URN (absent for the Stack and for default providers). */
  parent?: string;
  /**
   * Inputs as sent on the wire (unknown sentinels, secret and resource-reference envelopes), plus
   * what the provider's Check adds that the harness reproduces (auto-names, provider `version`).
   */
  inputs: WireObject;
  /** Outputs in wire form: AWS-like for custom resources, registered outputs for components. */
  outputs: WireObject;
  dependencies: string[];
  /** Every input property the SDK sent, with the URNs it depends on (possibly none). */
  propertyDependencies: Record<string, string[]>;
  /** The managing provider (custom resources only). */
  provider?: RecordedProvider;
  options: RecordedOptions;
  /** True for a default provider the engine would synthesize. */
  defaultProvider?: boolean;
  /**
   * True for a resource the program read (`Bucket.get`, `Key.get`, a `StackReference`): the
   * engine stores it with `external: true`; the stack does not manage it, so its settings are
   * whatever the user answered (`options.reads`) or unknown.
   */
  external?: boolean;
}

/** The provider an invoke was sent to, handed to a user's answer (`options.invokes`). */
export interface InvokeProvider {
  /** Provider resource name (`default_7_48_0` for the default provider). */
  name: string;
  /** Provider URN. */
  urn: string;
  /** Account, region and partition the provider works in (AWS providers; else the defaults). */
  account: string;
  region: string;
  partition: string;
  /** The provider's inputs, secrets unwrapped (region, assumeRoles, ...). */
  props: Record<string, unknown>;
}

/**
 * A user's answer to a provider function: gets the invoke's arguments (secrets unwrapped) and the
 * provider, returns the function's result (may be async). Throwing fails the invoke as the
 * provider would.
 */
export type InvokeAnswer = (
  args: Record<string, unknown>,
  provider: InvokeProvider,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A policy violation reported by a policy (advisory, mandatory, ...). */
export interface Violation {
  policyName: string;
  /** The resource the violation is about (always set for resource policies). */
  urn?: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
}

/** What one run hands back. */
export interface RunResult {
  /** Every resource in registration order (default providers just before their first user). */
  resources: RecordedResource[];
  /** Violations from `Analyze` (every resource, on inputs) then `AnalyzeStack` (on outputs). */
  violations: Violation[];
  /** Policies that could not run during preview because they read an unknown value, and why. */
  advisories: string[];
  /** Project, stack and mode of the run (used by `toStackExport`). */
  project: string;
  stack: string;
  preview: boolean;
}

/** Options of `runPolicies`. */
export interface RunPoliciesOptions {
  /** Preview (`pulumi preview`): outputs AWS would not know before create are unknown. Default false. */
  preview?: boolean | undefined;
  /** Policy config: the same JSON as the pack's `--policy-pack-config` file. */
  config?: Record<string, unknown> | undefined;
  /** Project name. Default "project". */
  project?: string | undefined;
  /** Stack name. Default "stack". */
  stack?: string | undefined;
  /** Organization name handed to the program and the pack. Default "organization". */
  organization?: string | undefined;
  /**
   * Stack configuration (as `Pulumi.<stack>.yaml` `config:`), e.g. `{ "aws:region": "eu-west-1" }`.
   * Nothing is added: without `aws:region` the default provider has no region input (as under the
   * CLI), and the harness works in `us-east-1` as the environment's region (AWS_REGION).
   */
  stackConfig?: Record<string, unknown> | undefined;
  /** Stack tags handed to the pack (`args.stackTags`). */
  stackTags?: Record<string, string> | undefined;
  /**
   * Account id per provider (key: provider name or URN), for providers whose inputs do not reveal
   * the account (no `assumeRoles`, no `allowedAccountIds`). Default "111111111111".
   */
  accounts?: Record<string, string> | undefined;
  /** The policies to run. Default: the `policies` export of policypack/policies.ts. */
  policies?: Policies | undefined;
  /** Policy pack name. Default: the `packName` export of policypack/policies.ts, else "s3-replication". */
  packName?: string | undefined;
  /**
   * Answers to provider functions, by invoke token, e.g.
   * `{ "aws:s3/getBucket:getBucket": (args, provider) => ({ bucket: args.bucket, arn: ... }) }`.
   * Functions that read the cloud have no other answer (the run fails naming the token); an
   * answer here also replaces the harness's own (getCallerIdentity, getRegion, getPartition,
   * getPolicyDocument).
   */
  invokes?: Record<string, InvokeAnswer> | undefined;
  /**
   * Outputs of the stacks the program reads with `pulumi.StackReference`, by stack name
   * (`"org/project/stack"`), e.g. `{ "acme/dest/prod": { bucketArn: "arn:aws:s3:::dst" } }`.
   * Wrap a value with `secret(...)` (exported by this module) for a secret output.
   */
  stackReferences?: Record<string, Record<string, unknown>> | undefined;
  /**
   * State of the resources the program reads (`aws.s3.Bucket.get(name, id)`), keyed by
   * `"<type>::<id>"` (e.g. `"aws:s3/bucket:Bucket::orders-source"`) or by the read's URN. The id,
   * the name it carries and the identifiers derived from it by AWS's rules (the ARN) are always
   * known; every other output not given here is unknown.
   */
  reads?: Record<string, Record<string, unknown>> | undefined;
  /**
   * Update as `pulumi up --refresh` on a deployed stack: resources' outputs mirror the settings
   * of separately managed resources (bucket `versioning`, `serverSideEncryptionConfiguration`,
   * `replicationConfiguration`, `policy`; role `inlinePolicies`, `managedPolicyArns`; key
   * `policy`), as a refresh reads them back from AWS. Default false: outputs are what Create
   * returned (AWS's defaults). Ignored in preview.
   */
  refresh?: boolean | undefined;
}
