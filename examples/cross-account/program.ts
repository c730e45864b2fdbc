/** Cross-account, cross-region SSE-KMS replication with every secure default. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3Replication } from "s3-replication";

/** What the program needs; read from stack config by settingsFromConfig. */
export interface Settings {
  /** Source region (`aws:region`). */
  sourceRegion: string;
  /** Destination region (`destinationRegion`). */
  destinationRegion: string;
  /** Role to assume in the destination account (`destinationRoleArn`). */
  destinationRoleArn: string;
  /** External id of that role, if it asks for one (`destinationExternalId`). */
  destinationExternalId?: string;
}

/** Reads the settings from stack config. */
export function settingsFromConfig(): Settings {
  const config = new pulumi.Config();
  const externalId = config.get("destinationExternalId");
  return {
    sourceRegion: new pulumi.Config("aws").get("region") ?? "us-east-1",
    destinationRegion: config.get("destinationRegion") ?? "eu-west-1",
    destinationRoleArn: config.require("destinationRoleArn"),
    ...(externalId === undefined ? {} : { destinationExternalId: externalId }),
  };
}

/** Builds the stack; returns its outputs. */
export function program(settings: Settings = settingsFromConfig()) {
  const source = new aws.Provider("source", { region: settings.sourceRegion });
  const replication = new S3Replication(
    "orders",
    {
      source: {},
      destinations: [
        {
          name: "dr",
          region: settings.destinationRegion,
          assumeRoleArn: settings.destinationRoleArn,
          ...(settings.destinationExternalId === undefined ? {} : { externalId: settings.destinationExternalId }),
        },
      ],
    },
    { provider: source },
  );
  return {
    sourceBucket: replication.sourceBucketName,
    destinationBuckets: replication.destinationBucketNames,
    replicaKeys: replication.destinationKeyArns,
    roleArn: replication.roleArn,
  };
}
