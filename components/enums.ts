/**
 * Choices in the component arguments, as TypeScript enums (the multi-language schema accepts
 * enums, never unions). `Encryption` comes from the core model.
 */

export { Encryption } from "./model/topology";

/** Who owns the replicas in a destination bucket. */
export enum ReplicaOwnership {
  /** Change replica ownership to the destination account (ownership override; cross-account destinations only). */
  Destination = "Destination",
  /** Keep the replica owner S3 would pick without an override (no accessControlTranslation in the rule). */
  Source = "Source",
}

/** Storage class of the replicas. */
export enum StorageClass {
  /** S3 Standard. */
  Standard = "STANDARD",
  /** S3 Standard-Infrequent Access. */
  StandardIa = "STANDARD_IA",
  /** S3 One Zone-Infrequent Access. */
  OnezoneIa = "ONEZONE_IA",
  /** S3 Intelligent-Tiering. */
  IntelligentTiering = "INTELLIGENT_TIERING",
  /** S3 Glacier Instant Retrieval. */
  GlacierIr = "GLACIER_IR",
  /** S3 Glacier Flexible Retrieval. */
  Glacier = "GLACIER",
  /** S3 Glacier Deep Archive. */
  DeepArchive = "DEEP_ARCHIVE",
  /** Reduced Redundancy (legacy). */
  ReducedRedundancy = "REDUCED_REDUNDANCY",
}
