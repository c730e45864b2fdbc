/**
 * The policy of the SNS topic that receives a source bucket's replication events: S3 may publish,
 * and only on behalf of that bucket in that account. From "Granting permissions to publish event
 * notification messages to a destination" (Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html):
 * the service principal `s3.amazonaws.com`, `SNS:Publish` on the topic, `aws:SourceArn` naming the
 * bucket and `aws:SourceAccount` naming the bucket owner's account (S3 publishes as a service
 * principal, so both keys are present; they stop another bucket or account from using the topic).
 */

import { PolicyDocument } from "../model/policyDocument";

/** What the topic policy names. */
export interface ReplicationEventTopic {
  /** The topic's ARN. */
  topicArn: string;
  /** The source bucket whose events it receives. */
  bucketName: string;
  /** The account that owns the bucket. */
  bucketAccount: string;
  /** The partition (`aws`, `aws-cn`, ...). */
  partition: string;
}

/** The least-privilege topic policy admitting only S3 events of one bucket in one account. */
export function replicationEventTopicPolicy(t: ReplicationEventTopic): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowS3ReplicationEventsOfTheSourceBucket",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: t.topicArn,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:${t.partition}:s3:::${t.bucketName}` },
          StringEquals: { "aws:SourceAccount": t.bucketAccount },
        },
      },
    ],
  };
}
