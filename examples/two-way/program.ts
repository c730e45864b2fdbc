/** Two-way replication between two accounts: one rule each way, replica modifications on both. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3Replication } from "s3-replication";

/** What the program needs. */
export interface Settings {
  /** Region of the first bucket (`aws:region`). */
  sourceRegion: string;
  /** Region of the peer bucket (`peerRegion`). */
  peerRegion: string;
  /** Role to assume in the peer account (`peerRoleArn`). */
  peerRoleArn: string;
}

/** Reads the settings from stack config. */
export function settingsFromConfig(): Settings {
  const config = new pulumi.Config();
  return {
    sourceRegion: new pulumi.Config("aws").get("region") ?? "us-east-1",
    peerRegion: config.get("peerRegion") ?? "eu-west-1",
    peerRoleArn: config.require("peerRoleArn"),
  };
}

/** Builds the stack; returns its outputs. */
export function program(settings: Settings = settingsFromConfig()) {
  const source = new aws.Provider("source", { region: settings.sourceRegion });
  const replication = new S3Replication(
    "shared",
    {
      source: {},
      twoWay: true,
      destinations: [
        {
          name: "peer",
          region: settings.peerRegion,
          assumeRoleArn: settings.peerRoleArn,
          replicateDeleteMarkers: true,
        },
      ],
    },
    { provider: source },
  );
  return {
    roleArn: replication.roleArn,
    reverseRoleArns: replication.reverseRoleArns,
    buckets: replication.destinationBucketNames,
  };
}
