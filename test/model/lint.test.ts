/** Syntax checks of a policy document: each bad action, resource and principal, in statement order. */

import assert from "node:assert/strict";
import { FoundPolicy } from "../../components/model/found";
import { lintPolicy } from "../../components/model/lint";
import { PolicyStatement } from "../../components/model/policyDocument";

describe("lint: action names, resource ARNs and principals of a document", () => {
  it("reports each bad value once, in statement order: actions, then resources, then principals", () => {
    const statements = [
      {
        Sid: "Named",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:s3:::not-a-principal", "111111111111", "*"] },
        Action: ["s3:GetObjectt", 7],
        NotAction: "s3 GetObject",
        Resource: ["arn:aws:s3:us-east-1::bucket", "arn:aws:s3:::Bad_Bucket/*"],
        NotResource: "arn:aws:s3:::fine",
      },
      { Effect: "Allow", Principal: "*", Action: "nosuchservice:Do", Resource: ["*", "bucket"] },
    ] as unknown as PolicyStatement[];
    const policy: FoundPolicy = {
      ref: 's3.BucketPolicy "p"',
      document: { Version: "2012-10-17", Statement: statements },
    };
    assert.deepEqual(
      lintPolicy(policy).map((item) => `${item.code} ${item.location} ${item.message}`),
      [
        'S3R017 statement "Named" action "s3:GetObjectt" is not an IAM action.',
        'S3R017 statement "Named" action 7 is not a string.',
        'S3R017 statement "Named" action "s3 GetObject" is not a valid action name (expected SERVICE:Action, e.g. s3:ReplicateObject; one colon, no spaces or dots).',
        'S3R018 statement "Named" resource "arn:aws:s3:us-east-1::bucket" is not a valid S3 bucket or object ARN: S3 ARNs have empty region and account fields (arn:aws:s3:::BUCKET/KEY).',
        'S3R018 statement "Named" resource "arn:aws:s3:::Bad_Bucket/*" names an invalid bucket "Bad_Bucket": may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit.',
        'S3R018 statement "Named" principal "arn:aws:s3:::not-a-principal" is not an IAM principal ARN or account id.',
        'S3R017 statement 1 action "nosuchservice:Do" names no AWS service "nosuchservice" in the IAM service reference.',
        'S3R018 statement 1 resource "bucket" is not an ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE).',
      ],
    );
  });
});
