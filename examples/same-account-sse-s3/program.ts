/** Same-account, same-region replication of an SSE-S3 bucket, delete markers included. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Encryption, S3Replication } from "s3-replication";

/** What the program needs. */
export interface Settings {
  /** Region of both buckets (`aws:region`). */
  region: string;
}

/** Reads the settings from stack config. */
export function settingsFromConfig(): Settings {
  return { region: new pulumi.Config("aws").get("region") ?? "us-east-1" };
}

/** Builds the stack; returns its outputs. */
export function program(settings: Settings = settingsFromConfig()) {
  const provider = new aws.Provider("source", { region: settings.region });
  const replication = new S3Replication(
    "logs",
    {
      source: { encryption: Encryption.SseS3 },
      destinations: [
        { name: "copy", region: settings.region, encryption: Encryption.SseS3, replicateDeleteMarkers: true },
      ],
    },
    { provider },
  );
  return { sourceBucket: replication.sourceBucketName, destinationBuckets: replication.destinationBucketNames };
}
