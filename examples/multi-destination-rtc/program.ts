/** One source, three destinations: RTC, a failure alarm per rule, failure events with their reason, an SNS topic, filters, storage classes. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Encryption, S3Replication, StorageClass } from "s3-replication";

/** What the program needs. */
export interface Settings {
  /** Source region (`aws:region`). */
  sourceRegion: string;
  /** Role to assume in the disaster-recovery account (`drRoleArn`). */
  drRoleArn: string;
}

/** Reads the settings from stack config. */
export function settingsFromConfig(): Settings {
  return {
    sourceRegion: new pulumi.Config("aws").get("region") ?? "us-east-1",
    drRoleArn: new pulumi.Config().require("drRoleArn"),
  };
}

/** Builds the stack; returns its outputs. */
export function program(settings: Settings = settingsFromConfig()) {
  const source = new aws.Provider("source", { region: settings.sourceRegion });
  const replication = new S3Replication(
    "events",
    {
      source: { noncurrentVersionExpirationDays: 90 },
      alarmTopic: true,
      failureEvents: true,
      batchReplication: true,
      destinations: [
        {
          name: "dr",
          region: "eu-west-1",
          assumeRoleArn: settings.drRoleArn,
          replicationTime: true,
          replicateDeleteMarkers: true,
        },
        {
          name: "analytics",
          region: "us-west-2",
          filterPrefix: "clicks/",
          storageClass: StorageClass.StandardIa,
          metrics: true,
        },
        {
          name: "archive",
          region: "eu-central-1",
          assumeRoleArn: settings.drRoleArn,
          encryption: Encryption.DsseKms,
          storageClass: StorageClass.Glacier,
          filterTags: { retain: "true" },
        },
      ],
    },
    { provider: source },
  );
  return {
    destinations: replication.destinationBucketNames,
    alarms: replication.alarmArns,
    alarmTopic: replication.alarmTopicArn,
    replicationEventTopics: replication.replicationEventTopicArns,
    batchRoleArn: replication.batchRoleArn,
  };
}
