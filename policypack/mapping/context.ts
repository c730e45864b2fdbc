/**
 * The state the family readers of the stack reader share, made explicit: the resources by URN and
 * by kind, what each reader records for the model (URNs by ref, pending judgements, writers of
 * single-valued configurations, read-only refs), and the typed accessor of each resource's props.
 * Every index is built once, so the joins of the readers stay linear in the stack's size.
 */

import {
  ConfigurationWriters,
  FoundPolicy,
  InlineCopy,
  SingleConfiguration,
  canonicalJson,
  withInlineCopies,
} from "s3-replication/components/model";
import { Accessor, UnreadableProperty } from "./accessor";
import { UNKNOWN_IN_PREVIEW, parsePolicy } from "./documents";
import type { MapOptions, PendingJudgement } from "./model";
import { programSets } from "./programInputs";
import { PlainResource, PlainProvider } from "./resources";
import { Plain, hasUnknown, isUnknown } from "./values";

/** The canonical copy of a document or configuration value; undefined when (partly) unknown in preview. */
export function copyOf(value: Plain): string | undefined {
  return isUnknown(value) || hasUnknown(value) ? undefined : canonicalJson(value);
}

/** A canonical copy made only when a judgement compares it (most never are: making them all cost a quarter of the mapping). */
export type LazyCopy = () => string | undefined;

/** An inline copy as recorded: its canonical form and AWS's defaults made on demand (`MappingContext.writersWithCopies`). */
interface LazyInlineCopy {
  copy: Omit<InlineCopy, "copy" | "awsDefaults">;
  canonical: LazyCopy;
  awsDefaults: () => readonly string[];
}

/** The resource types the stack reader reads, by kind. */
export const T = {
  bucket: /^aws:s3\/bucket(V2)?:Bucket(V2)?$/,
  bucketV2: /^aws:s3\/bucketV2:BucketV2$/,
  versioning: /^aws:s3\/bucketVersioning(V2)?:BucketVersioning(V2)?$/,
  sse: /^aws:s3\/bucketServerSideEncryptionConfiguration(V2)?:BucketServerSideEncryptionConfiguration(V2)?$/,
  replication: /^aws:s3\/bucketReplicationConfig:BucketReplicationConfig$/,
  bucketPolicy: /^aws:s3\/bucketPolicy:BucketPolicy$/,
  publicAccess: /^aws:s3\/bucketPublicAccessBlock:BucketPublicAccessBlock$/,
  accountPublicAccess: /^aws:s3\/accountPublicAccessBlock:AccountPublicAccessBlock$/,
  ownership: /^aws:s3\/bucketOwnershipControls:BucketOwnershipControls$/,
  acl: /^aws:s3\/bucketAcl(V2)?:BucketAcl(V2)?$/,
  objectLock: /^aws:s3\/bucketObjectLockConfiguration(V2)?:BucketObjectLockConfiguration(V2)?$/,
  key: /^aws:kms\/key:Key$/,
  replicaKey: /^aws:kms\/replicaKey:ReplicaKey$/,
  anyKey: /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/,
  keyPolicy: /^aws:kms\/keyPolicy:KeyPolicy$/,
  grant: /^aws:kms\/grant:Grant$/,
  alias: /^aws:kms\/alias:Alias$/,
  role: /^aws:iam\/role:Role$/,
  rolePolicy: /^aws:iam\/rolePolicy:RolePolicy$/,
  policy: /^aws:iam\/policy:Policy$/,
  attachment: /^aws:iam\/rolePolicyAttachment:RolePolicyAttachment$/,
  policyAttachment: /^aws:iam\/policyAttachment:PolicyAttachment$/,
  inlineExclusive: /^aws:iam\/rolePoliciesExclusive:RolePoliciesExclusive$/,
  attachmentsExclusive: /^aws:iam\/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive$/,
};

const noDefaults = (): readonly string[] => [];

/** An inline copy with what `readInlineCopy` reads of it made: nothing more when its origin is known. */
function madeCopy({ copy, canonical, awsDefaults }: LazyInlineCopy): InlineCopy {
  if (copy.set !== undefined) return { ...copy, awsDefaults: [] };
  const made = canonical();
  return made === undefined ? { ...copy, awsDefaults: [] } : { ...copy, copy: made, awsDefaults: awsDefaults() };
}

/** The ref of each resource, made once: the readers name a resource many times, and its type and name never change. */
const refs = new WeakMap<Pick<PlainResource, "type" | "name">, string>();

/** How findings name a resource of a type, before its name: `s3.Bucket` for `aws:s3/bucket:Bucket`. */
function typeRef(type: string): string {
  const match = /^[^:]*:([^/]*)\/[^:]*:(.*)$/.exec(type);
  return match === null ? `.${type}` : `${match[1] ?? ""}.${match[2] ?? type}`;
}

/** How findings name a resource: `s3.Bucket "name"`. */
export function refOf(resource: Pick<PlainResource, "type" | "name">): string {
  return refWith(resource, typeRef);
}

/** The resource's ref, made once (`refs`) with `prefixOf` its type's part. */
function refWith(resource: Pick<PlainResource, "type" | "name">, prefixOf: (type: string) => string): string {
  let ref = refs.get(resource);
  if (ref === undefined) {
    ref = `${prefixOf(resource.type)} "${resource.name}"`;
    refs.set(resource, ref);
  }
  return ref;
}

/** `refOf` of every resource, made with one match of each type (a stack has few types, many resources). */
function refsOf(resources: readonly PlainResource[]): string[] {
  const byType = new Map<string, string>();
  const prefixOf = (type: string): string => {
    let prefix = byType.get(type);
    if (prefix === undefined) {
      prefix = typeRef(type);
      byType.set(type, prefix);
    }
    return prefix;
  };
  const made: string[] = [];
  for (let i = 0; i < resources.length; i++) made.push(refWith(resources[i]!, prefixOf));
  return made;
}

/** The stack and project a URN names (`project/stack`), to tell apart same-named resources of two stacks. */
export function stackOf(urn: string): string {
  // urn.split("::")'s first two parts, without the list of every part.
  const first = urn.indexOf("::");
  const head = first < 0 ? urn : urn.slice(0, first);
  const second = first < 0 ? -1 : urn.indexOf("::", first + 2);
  const project = first < 0 ? "" : second < 0 ? urn.slice(first + 2) : urn.slice(first + 2, second);
  return `${project}/${head.replace(/^urn:pulumi:/, "")}`;
}

/** True when the URNs name resources of two stacks or more (most groups have one writer: nothing to split). */
function severalStacks(urns: readonly string[]): boolean {
  if (urns.length < 2) return false;
  const first = stackOf(urns[0] ?? "");
  return urns.some((urn) => stackOf(urn) !== first);
}

/** The shared state of one mapping: indexes of the resources and what the readers record. */
export class MappingContext {
  /** Every resource by URN. */
  readonly byUrn: Map<string, PlainResource>;
  /** Resource URN of each ref (resources first, then the replications and existing buckets and keys). */
  readonly urnOfRef = new Map<string, string>();
  /** What is unknown in preview, one entry per resource. */
  readonly pendingByUrn = new Map<string, PendingJudgement>();
  /** The writers of each single-valued configuration, by `${kind}|${target}`, with the URN of each writer (in the order of its `writers`). */
  private readonly writerGroups = new Map<string, { group: ConfigurationWriters; urns: string[] }>();
  /** Resources' own (inline) copies of single-valued configurations (`holdsCopy`), canonical forms not yet made. */
  private readonly inlineCopies: LazyInlineCopy[] = [];
  /** The copies the separate writers write, by `${kind}|${target}` (`writesCopy`), not yet made. */
  private readonly separateCopies = new Map<string, LazyCopy[]>();
  /** Refs of the buckets and keys the stack reads instead of managing. */
  readonly readRefs = new Set<string>();
  /** URNs of the resources making up each bucket, key and role (by ref). */
  readonly urnsOfRef = new Map<string, string[]>();
  /** Wrong-typed values met by the accessors, one per resource and property path. */
  readonly unreadable = new Map<string, UnreadableProperty>();
  private readonly byKind = new Map<RegExp, PlainResource[]>();
  private readonly accessors = new Map<string, Accessor>();
  /** Canonical copies by the text they are made from (`canonicalCopy`). */
  private readonly canonicalByText = new Map<string, string | undefined>();

  /**
   * @param resources the stack's resources, as `toPlainResources` reads them.
   * @param options the mapping's options.
   */
  constructor(
    readonly resources: readonly PlainResource[],
    readonly options: MapOptions,
  ) {
    // Indexed loops in the per-resource passes: they run once per stack, mostly before the JIT
    // optimises them, where an array iterator allocates a result object per element.
    this.byUrn = new Map();
    for (let i = 0; i < resources.length; i++) this.byUrn.set(resources[i]!.urn, resources[i]!);
    this.indexKinds();
    const made = refsOf(resources);
    for (let i = 0; i < resources.length; i++) this.urnOfRef.set(made[i]!, resources[i]!.urn);
  }

  /** Sorts the resources by kind, matching each distinct type once (a stack has few types, many resources). */
  private indexKinds(): void {
    for (const pattern of Object.values(T)) this.byKind.set(pattern, []);
    const membersOfType = new Map<string, PlainResource[][]>();
    for (let i = 0; i < this.resources.length; i++) {
      const r = this.resources[i]!;
      let members = membersOfType.get(r.type);
      if (members === undefined) {
        members = [...this.byKind].filter(([pattern]) => pattern.test(r.type)).map(([, list]) => list);
        membersOfType.set(r.type, members);
      }
      for (let k = 0; k < members.length; k++) members[k]!.push(r);
    }
  }

  /** The resources of one kind (a pattern of T), in stack order. */
  of(pattern: RegExp): PlainResource[] {
    return this.byKind.get(pattern) ?? this.resources.filter((r) => pattern.test(r.type));
  }

  /** The typed accessor of a resource's props (wrong-typed values recorded against the resource). */
  props(r: PlainResource): Accessor {
    let accessor = this.accessors.get(r.urn);
    if (accessor === undefined) {
      accessor = new Accessor(r.props, (path, expected, found) => this.record(r.urn, refOf(r), path, expected, found));
      this.accessors.set(r.urn, accessor);
    }
    return accessor;
  }

  /** The typed accessor of a resource's provider's props (records name the provider). */
  providerProps(provider: PlainProvider): Accessor {
    const key = `provider|${provider.urn}`;
    let accessor = this.accessors.get(key);
    if (accessor === undefined) {
      const ref = `the ${provider.type.replace(/^pulumi:providers:/, "")} provider "${provider.name}"`;
      accessor = new Accessor(provider.props, (path, expected, found) =>
        this.record(provider.urn, ref, path, expected, found),
      );
      this.accessors.set(key, accessor);
    }
    return accessor;
  }

  /**
   * `copyOf`, made once per text: the keys of one account hold the same default key policy text,
   * and an inline copy read back after a refresh is the text its separate writer holds.
   */
  canonicalCopy(value: Plain): string | undefined {
    if (typeof value !== "string") return copyOf(value);
    let made = this.canonicalByText.get(value);
    if (made === undefined) {
      made = copyOf(value);
      this.canonicalByText.set(value, made);
    }
    return made;
  }

  /** A value of a resource's props, untyped. */
  p(r: PlainResource, key: string): Plain {
    return this.props(r).raw(key);
  }

  private record(urn: string, ref: string, path: string, expected: string, found: string): void {
    const key = `${urn}|${path}`;
    if (!this.unreadable.has(key)) this.unreadable.set(key, { urn, ref, path, expected, found });
  }

  /** Notes a value unknown in preview: the resource is judged on it at `up`. */
  pend(r: PlainResource, what: string): void {
    // A resource the stack reads has unknowns that `up` will not resolve (its unread state): not pending.
    if (r.external) return;
    let entry = this.pendingByUrn.get(r.urn);
    if (entry === undefined) {
      entry = { urn: r.urn, ref: refOf(r), unknown: [] };
      this.pendingByUrn.set(r.urn, entry);
    }
    if (!entry.unknown.includes(what)) entry.unknown.push(what);
  }

  /** parsePolicy, noting a document unknown in preview against its resource. */
  parseOf(r: PlainResource, ref: string, value: Plain, what: string): FoundPolicy | undefined {
    const policy = parsePolicy(ref, value);
    if (policy?.unreadable === UNKNOWN_IN_PREVIEW) this.pend(r, what);
    return policy;
  }

  /**
   * Records that a resource writes a target's single-valued configuration (`label`: how findings
   * name the writer, default its ref); returns the group's key.
   */
  writes(kind: SingleConfiguration, target: string, r: PlainResource, label = refOf(r)): string {
    const key = `${kind}|${target}`;
    const entry = this.writerGroups.get(key);
    if (entry === undefined) this.writerGroups.set(key, { group: { kind, target, writers: [label] }, urns: [r.urn] });
    else {
      entry.group.writers.push(label);
      entry.urns.push(r.urn);
    }
    return key;
  }

  /**
   * The writer groups as findings name them: a group whose writers come from several stacks
   * (exports checked together) names each writer's stack, so two same-named resources of two
   * stacks are told apart; a group inside one stack keeps its labels.
   */
  writers(): ConfigurationWriters[] {
    return [...this.writerGroups.values()].map(({ group, urns }) => {
      if (!severalStacks(urns)) return group;
      const writers = group.writers.map((label, i) => {
        const stack = urns[i] === undefined ? undefined : stackOf(urns[i]);
        return stack === undefined || label.endsWith(`(${stack})`) ? label : `${label} (${stack})`;
      });
      return { ...group, writers };
    });
  }

  /** `writes`, for a separate resource, with the copy it writes (made when compared, see `writersWithCopies`). */
  writesCopy(kind: SingleConfiguration, target: string, r: PlainResource, copy: LazyCopy): void {
    const key = this.writes(kind, target, r);
    const copies = this.separateCopies.get(key);
    if (copies === undefined) this.separateCopies.set(key, [copy]);
    else copies.push(copy);
  }

  /**
   * Records a resource's own copy of a configuration in `prop` (nothing when unset: unknown and
   * unset in preview, absent or empty). Whether the program sets it is exact when the caller
   * knows the inputs (`programSets`: the checker reads them from the export), when the value
   * depends on other resources (property dependencies come from inputs), or when the resource is
   * created in preview (its `arn` is still unknown: its outputs are its inputs); otherwise the
   * state's copy may also be what the provider read back from AWS (`readInlineCopy`).
   */
  holdsCopy(
    kind: SingleConfiguration,
    target: string,
    r: PlainResource,
    prop: string,
    copy: { canonical: LazyCopy; awsDefaults?: () => readonly string[] },
  ): void {
    const value = this.p(r, prop);
    if (r.external || value === undefined || value === null || value === "" || this.unsetComputed(r, prop)) return;
    const set =
      programSets(r.urn, prop) ??
      ((r.propertyDependencies[prop] ?? []).length > 0 || isUnknown(this.p(r, "arn")) ? true : undefined);
    this.inlineCopies.push({
      copy: { kind, target, writer: refOf(r), ...(set !== undefined ? { set } : {}) },
      canonical: copy.canonical,
      awsDefaults: copy.awsDefaults ?? noDefaults,
    });
  }

  /**
   * The writer groups with the inline copies that may be second writers (`withInlineCopies`).
   * Canonical copies are made only where `readInlineCopy` compares them, since most are never
   * read: only inline copies of a target some separate resource writes count, one whose origin
   * (`set`) is known exactly is judged by it alone, one equal to AWS's default is a mirror
   * whatever the separate copies hold, and only for the rest are the separate copies made.
   */
  writersWithCopies(): ConfigurationWriters[] {
    const compared = new Map<string, (string | undefined)[]>();
    const copies: InlineCopy[] = [];
    for (const lazy of this.inlineCopies) {
      const key = `${lazy.copy.kind}|${lazy.copy.target}`;
      if (!this.writerGroups.has(key)) continue; // no separate writer: withInlineCopies never reads it
      const copy = madeCopy(lazy);
      copies.push(copy);
      if (
        copy.set === undefined &&
        copy.copy !== undefined &&
        !copy.awsDefaults.includes(copy.copy) &&
        !compared.has(key)
      )
        compared.set(
          key,
          (this.separateCopies.get(key) ?? []).map((make) => make()),
        );
    }
    return withInlineCopies(this.writers(), copies, compared);
  }

  /** Records that a resource is part of a bucket, key or role (for grouping findings by replication path). */
  partOf(ref: string, r: PlainResource): void {
    const urns = this.urnsOfRef.get(ref);
    if (urns === undefined) this.urnsOfRef.set(ref, [r.urn]);
    else if (!urns.includes(r.urn)) urns.push(r.urn);
  }

  /**
   * True when `prop` is the provider's unknown for an attribute the program did not set: unknown,
   * no property dependency, on a resource the stack creates (not reads). The bridge's plan leaves
   * every such computed attribute unknown in preview; at create AWS gives its default (no bucket
   * policy, the default key policy, no Object Lock), which is what `up` then judges.
   */
  unsetComputed(r: PlainResource, prop: string): boolean {
    return !r.external && isUnknown(this.p(r, prop)) && (r.propertyDependencies[prop] ?? []).length === 0;
  }

  /** The resources of a kind that a property of `r` depends on (preview joins). */
  deps(r: PlainResource, prop: string, pattern: RegExp): PlainResource[] {
    const found: PlainResource[] = [];
    const urns = r.propertyDependencies[prop];
    if (urns === undefined) return found;
    for (let i = 0; i < urns.length; i++) {
      const d = this.byUrn.get(urns[i]!);
      if (d !== undefined && pattern.test(d.type)) found.push(d);
    }
    return found;
  }
}
