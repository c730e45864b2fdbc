/** Cross-region replication in one account with a multi-Region KMS key and its replica. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3Replication } from "s3-replication";

/** What the program needs. */
export interface Settings {
  /** Source region, home of the primary key (`aws:region`). */
  sourceRegion: string;
  /** Destination region, home of the replica key (`destinationRegion`). */
  destinationRegion: string;
}

/** Reads the settings from stack config. */
export function settingsFromConfig(): Settings {
  return {
    sourceRegion: new pulumi.Config("aws").get("region") ?? "us-east-1",
    destinationRegion: new pulumi.Config().get("destinationRegion") ?? "us-west-2",
  };
}

/** Builds the stack; returns its outputs. */
export function program(settings: Settings = settingsFromConfig()) {
  const source = new aws.Provider("source", { region: settings.sourceRegion });
  const replication = new S3Replication(
    "media",
    {
      source: { multiRegionKey: true },
      destinations: [{ name: "west", region: settings.destinationRegion, multiRegionReplica: true }],
    },
    { provider: source },
  );
  return { primaryKey: replication.sourceKeyArn, replicaKeys: replication.destinationKeyArns };
}
