/** Single-resource checks: the TLS probes of a bucket policy, judged with the caller's evaluator. */

import assert from "node:assert/strict";
import { PolicyEvaluator, evaluateRequest } from "../../components/model/evaluate";
import { FindingCode } from "../../components/model/findings";
import { FoundBucket } from "../../components/model/found";
import { PolicyStatement } from "../../components/model/policyDocument";
import { ResourcePolicyKind } from "../../components/model/requests";
import { tlsFindings } from "../../components/model/resourceAnalysis";
import { tlsOnlyStatements } from "../../components/documents/bucketPolicy";

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
    const probes = countProbes(evaluator);
    assert.deepEqual(
      BUCKETS.map((found) => tlsFindings(found, evaluator)),
      BUCKETS.map((found) => tlsFindings(found)),
    );
    // Two probes (the bucket, an object) per bucket with a policy not in AWS's documented form; none without one.
    assert.equal(probes(), 4);
  });

  it("passes over AWS's documented TLS-only statement without probing, and agrees with the evaluator on every variant", () => {
    const name = "variants";
    const canonical = DENY_WITHOUT_TLS(name, ["", "/*"]);
    const variants: Array<[string, PolicyStatement[], boolean]> = [
      ["as documented", [canonical], true],
      ["as the components write it", tlsOnlyStatements({ partition: "aws", bucketName: name }), true],
      ["with a Sid, after an Allow", [ALLOW_ALL, { Sid: "TlsOnly", ...canonical }], true],
      [
        "among other actions and resources",
        [
          {
            ...canonical,
            Action: ["s3:GetObject", "s3:*"],
            Resource: [...(canonical.Resource as string[]), "arn:aws:s3:::other"],
          },
        ],
        true,
      ],
      ["condition true", [{ ...canonical, Condition: { Bool: { "aws:SecureTransport": "true" } } }], false],
      ["condition as a list", [{ ...canonical, Condition: { Bool: { "aws:SecureTransport": ["false"] } } }], false],
      [
        "condition IfExists",
        [{ ...canonical, Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }],
        false,
      ],
      [
        "a second condition",
        [
          {
            ...canonical,
            Condition: {
              Bool: { "aws:SecureTransport": "false" },
              StringEquals: { "aws:PrincipalAccount": "222222222222" },
            },
          },
        ],
        false,
      ],
      ["Principal AWS *", [{ ...canonical, Principal: { AWS: "*" } }], false],
      ["NotPrincipal", [{ ...canonical, NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" } }], false],
      ["objects only", [DENY_WITHOUT_TLS(name, ["/*"])], false],
      ["Allow", [{ ...canonical, Effect: "Allow" }], false],
      ["Action *", [{ ...canonical, Action: "*" }], false],
    ];
    for (const [title, statements, documented] of variants) {
      const found = bucket(name, statements);
      const evaluator = new PolicyEvaluator();
      const probes = countProbes(evaluator);
      const findings = tlsFindings(found, evaluator);
      assert.equal(findings.length === 0, evaluatorDeniesBothProbes(found), title);
      assert.equal(probes() === 0, documented, title);
    }
  });
});

const ALLOW_ALL: PolicyStatement = {
  Effect: "Allow",
  Principal: { AWS: "111111111111" },
  Action: "s3:*",
  Resource: "*",
};

/** Counts the requests an evaluator is asked. */
function countProbes(evaluator: PolicyEvaluator): () => number {
  let probes = 0;
  const evaluate = evaluator.evaluate.bind(evaluator);
  evaluator.evaluate = (request, documents) => {
    probes++;
    return evaluate(request, documents);
  };
  return () => probes;
}

/** The evaluator's own answer for both probes (a caller of the bucket's account allowed all of S3, no TLS). */
function evaluatorDeniesBothProbes(found: FoundBucket): boolean {
  const arn = `arn:aws:s3:::${found.name ?? ""}`;
  return [
    [arn, "s3:ListBucket"],
    [`${arn}/any-object`, "s3:GetObject"],
  ].every(
    ([resource, action]) =>
      !evaluateRequest(
        {
          id: "probe",
          purpose: "a request without TLS",
          principal: "arn:aws:iam::111111111111:user/probe",
          principalIsService: false,
          principalAccount: "111111111111",
          action: action!,
          resource: resource!,
          resourceAccount: "111111111111",
          resourcePolicy: ResourcePolicyKind.BucketPolicy,
          context: { "aws:SecureTransport": "false" },
        },
        {
          identityPolicies: [
            {
              name: "probe",
              document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
            },
          ],
          resourcePolicy: { name: "bucket policy", document: found.policy!.document! },
        },
      ).allowed,
  );
}
