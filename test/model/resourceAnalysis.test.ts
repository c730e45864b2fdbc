/** Single-resource checks: the TLS probes of a bucket policy, judged with the caller's evaluator. */

import assert from "node:assert/strict";
import { PolicyEvaluator } from "../../components/model/evaluate";
import { FindingCode } from "../../components/model/findings";
import { FoundBucket } from "../../components/model/found";
import { PolicyStatement } from "../../components/model/policyDocument";
import { tlsFindings } from "../../components/model/resourceAnalysis";

const DENY_WITHOUT_TLS = (name: string, resources: string[]): PolicyStatement => ({
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: resources.map((resource) => `arn:aws:s3:::${name}${resource}`),
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

function bucket(name: string, statements: PolicyStatement[] | undefined): FoundBucket {
  const found: FoundBucket = { ref: `aws:s3/bucket:Bucket ${name}`, name, account: "111111111111" };
  if (statements !== undefined)
    found.policy = {
      ref: `aws:s3/bucketPolicy:BucketPolicy ${name}`,
      document: { Version: "2012-10-17", Statement: statements },
    };
  return found;
}

const BUCKETS = [
  bucket("denies-both", [DENY_WITHOUT_TLS("denies-both", ["", "/*"])]),
  bucket("denies-objects-only", [DENY_WITHOUT_TLS("denies-objects-only", ["/*"])]),
  bucket("no-policy", undefined),
  bucket("allows-only", [
    { Effect: "Allow", Principal: { AWS: "111111111111" }, Action: "s3:GetObject", Resource: "*" },
  ]),
];

describe("resourceAnalysis: TLS only", () => {
  it("finds the buckets whose policy does not deny requests without TLS to the bucket and its objects", () => {
    assert.deepEqual(
      BUCKETS.map((found) => tlsFindings(found).map((item) => item.code)),
      [[], [FindingCode.TlsNotEnforced], [FindingCode.TlsNotEnforced], [FindingCode.TlsNotEnforced]],
    );
  });

  it("judges every bucket with the evaluator it is given, as with one of its own", () => {
    const evaluator = new PolicyEvaluator();
    let probes = 0;
    const evaluate = evaluator.evaluate.bind(evaluator);
    evaluator.evaluate = (request, documents) => {
      probes++;
      return evaluate(request, documents);
    };
    const shared = BUCKETS.map((found) => tlsFindings(found, evaluator));
    assert.deepEqual(
      shared,
      BUCKETS.map((found) => tlsFindings(found)),
    );
    // Two probes (the bucket, an object) per bucket with a policy; none without one.
    assert.equal(probes, 6);
  });
});
