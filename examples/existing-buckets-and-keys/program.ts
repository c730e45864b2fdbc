/** Replication between buckets and keys that already exist (not created by this stack). */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3Replication } from "s3-replication";

/** What the program needs. */
export interface Settings {
  /** Source region (`aws:region`). */
  sourceRegion: string;
  /** Existing source bucket (`sourceBucket`). */
  sourceBucket: string;
  /** Existing source key ARN (`sourceKeyArn`). */
  sourceKeyArn: string;
  /** Destination region (`destinationRegion`). */
  destinationRegion: string;
  /** Role to assume in the destination account (`destinationRoleArn`). */
  destinationRoleArn: string;
  /** Existing destination bucket (`destinationBucket`). */
  destinationBucket: string;
  /** Existing destination key ARN, in the destination region (`destinationKeyArn`). */
  destinationKeyArn: string;
}

/** Reads the settings from stack config. */
export function settingsFromConfig(): Settings {
  const config = new pulumi.Config();
  return {
    sourceRegion: new pulumi.Config("aws").get("region") ?? "us-east-1",
    sourceBucket: config.require("sourceBucket"),
    sourceKeyArn: config.require("sourceKeyArn"),
    destinationRegion: config.get("destinationRegion") ?? "eu-west-1",
    destinationRoleArn: config.require("destinationRoleArn"),
    destinationBucket: config.require("destinationBucket"),
    destinationKeyArn: config.require("destinationKeyArn"),
  };
}

/** Builds the stack; returns its outputs, including what the key and bucket owners must add. */
export function program(settings: Settings = settingsFromConfig()) {
  const source = new aws.Provider("source", { region: settings.sourceRegion });
  const replication = new S3Replication(
    "legacy",
    {
      source: { existingBucketName: settings.sourceBucket, existingKeyArn: settings.sourceKeyArn },
      destinations: [
        {
          name: "dr",
          region: settings.destinationRegion,
          assumeRoleArn: settings.destinationRoleArn,
          existingBucketName: settings.destinationBucket,
          existingKeyArn: settings.destinationKeyArn,
        },
      ],
    },
    { provider: source },
  );
  return {
    roleArn: replication.roleArn,
    requiredKeyPolicyStatements: replication.requiredKeyPolicyStatements,
    requiredBucketPolicyStatements: replication.requiredBucketPolicyStatements,
  };
}
