// Buckets (and keys) the stack configures but does not create: the happy topology with no
// aws.s3.Bucket, its split configuration resources naming existing buckets by name, and the rule
// naming the destination by ARN. Settings the stack configures are judged; what it cannot see
// (versioning, encryption, public access block, bucket policy of a bucket with no resource for
// them) is unknown, never a violation, and the permission proof still runs on the rule.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { StackValidationPolicy } from "@pulumi/policy";
import { FoundReplication, PathProof, replicationProof } from "s3-replication/components/model";
import { StackModel, mapStack } from "../../policypack/mapping";
import { packName, policies } from "../../policypack/policies";
import { RunResult, runPolicies } from "../../policypack/testing";
import { DST_ACCOUNT, DST_BUCKET, SRC_ACCOUNT, SRC_BUCKET, Tweaks, happyProgram } from "./program";

interface Run {
  result: RunResult;
  model: StackModel;
}

/** Runs a program with the pack and keeps the pack's view of the stack. */
async function run(
  program: () => unknown,
  options: { preview?: boolean; stackConfig?: Record<string, unknown>; project?: string } = {},
): Promise<Run> {
  let model: StackModel | undefined;
  const collector: StackValidationPolicy = {
    name: "test-model-collector",
    description: "Keeps the mapped stack for the test; never reports.",
    enforcementLevel: "advisory",
    validateStack: (args) => {
      model = mapStack(args.resources);
    },
  };
  const result = await runPolicies(program, { ...options, policies: [...policies, collector], packName });
  assert.ok(model, "the collector ran");
  return { result, model };
}

const render = (result: RunResult): string[] => judged(result.violations).map((v) => `${v.policyName}: ${v.message}`);
const existing = (tweaks: Tweaks = {}): (() => Record<string, unknown>) =>
  happyProgram({ existingBuckets: true, ...tweaks });
const DST_ARN = `arn:aws:s3:::${DST_BUCKET}`;

function only(model: StackModel): FoundReplication {
  assert.equal(model.replications.length, 1);
  return model.replications[0]!;
}

function wrongVerdicts(proofs: PathProof[]): string[] {
  return proofs.flatMap((proof) => [
    ...proof.required
      .filter((item) => item.decision !== undefined && !item.decision.allowed)
      .map((item) => `${item.request.id} denied`),
    ...proof.forbidden.filter((item) => item.decision?.allowed === true).map((item) => `${item.request.id} allowed`),
  ]);
}

import { judged } from "./pending";

describe("policy pack: existing buckets configured by split resources only", () => {
  it("passes (update and preview), with no bucket resource in the stack", async () => {
    for (const preview of [false, true]) {
      const { result } = await run(existing(), { preview });
      assert.ok(!result.resources.some((r) => /^aws:s3\/bucket(V2)?:Bucket(V2)?$/.test(r.type)), "no aws.s3.Bucket");
      assert.deepEqual(render(result), [], preview ? "preview" : "update");
      assert.deepEqual(result.advisories, []);
    }
  });

  it("maps both buckets with the settings their resources give, account and region from the managing providers", async () => {
    const { model } = await run(existing());
    const found = only(model);
    assert.equal(found.source.name, SRC_BUCKET);
    assert.deepEqual(
      [found.source.account, found.source.region, found.source.versioning, found.source.encryption?.algorithm],
      [SRC_ACCOUNT, "us-east-1", "Enabled", "aws:kms"],
    );
    const destination = found.destinations[DST_ARN];
    assert.ok(destination, `destination ${DST_ARN} found`);
    assert.deepEqual(
      [destination.name, destination.account, destination.region, destination.partition, destination.versioning],
      [DST_BUCKET, DST_ACCOUNT, "eu-west-1", "aws", "Enabled"],
    );
    assert.equal(destination.encryption?.bucketKeyEnabled, true);
    assert.ok(destination.policy?.document, "the bucket policy the stack writes");
    assert.deepEqual(destination.publicAccessBlock, {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    assert.ok(
      !destination.versioningUnknown &&
        !destination.encryptionUnknown &&
        !destination.policyUnknown &&
        !destination.publicAccessBlockUnknown,
    );
    assert.ok(
      model.buckets.includes(destination) && model.buckets.includes(found.source),
      "in the model's buckets (judged by the bucket policies)",
    );
  });

  it("proves every request on the documents the stack writes: all required allowed, all forbidden denied", async () => {
    const { model } = await run(existing());
    const proofs = replicationProof(only(model));
    assert.equal(proofs.length, 1);
    assert.equal(proofs[0]!.label, `${SRC_BUCKET} -> ${DST_BUCKET}`);
    assert.deepEqual(wrongVerdicts(proofs), []);
    const unjudged = proofs
      .flatMap((proof) => [...proof.required, ...proof.forbidden])
      .filter((item) => item.decision === undefined);
    assert.deepEqual(
      unjudged.map((item) => item.request.id),
      [],
    );
  });

  it("destination BucketVersioning Suspended -> replication-versioning, reported on the versioning resource (update and preview)", async () => {
    for (const preview of [false, true]) {
      const { result } = await run(existing({ dstVersioning: "Suspended" }), { preview });
      const hits = result.violations.filter(
        (v) =>
          v.policyName === "replication-versioning" &&
          new RegExp(`S3R001.*bucket ${DST_BUCKET}.*destination bucket's versioning is Suspended`).test(v.message),
      );
      assert.ok(hits.length > 0, `${preview ? "preview" : "update"}: ${render(result).join("\n")}`);
      assert.ok(
        hits.every((v) => v.urn?.endsWith("::dst-versioning")),
        hits.map((v) => v.urn).join(", "),
      );
      assert.deepEqual(
        render(result).filter((line) => !line.startsWith("replication-versioning:")),
        [],
        "nothing else",
      );
    }
  });

  it("settings the stack explicitly configures on an existing bucket are judged (public access block)", async () => {
    const { result } = await run(existing({ dstPublicAccess: { restrictPublicBuckets: false } }));
    assert.ok(
      result.violations.some(
        (v) =>
          v.policyName === "bucket-public-access" && /S3R032.*bucket orders-dst.*restrictPublicBuckets/.test(v.message),
      ),
      render(result).join("\n"),
    );
  });

  it("the replication is ordered after the existing buckets' versioning resources too", async () => {
    const { result } = await run(existing({ noDependsOn: true }));
    assert.ok(
      result.violations.some(
        (v) =>
          v.policyName === "replication-ordering" &&
          /not ordered after s3\.BucketVersioning "src-versioning", s3\.BucketVersioning "dst-versioning"/.test(
            v.message,
          ),
      ),
      render(result).join("\n"),
    );
  });
});

describe("policy pack: a destination bucket with no configuration resource at all", () => {
  it("passes: its versioning, encryption, public access block and policy are unknown, not violations (update and preview)", async () => {
    for (const preview of [false, true]) {
      const { result } = await run(existing({ noDstConfig: true }), { preview });
      assert.deepEqual(render(result), [], preview ? "preview" : "update");
    }
  });

  it("is named by the rule's ARN, its account by destination.account; everything else unknown", async () => {
    const { model } = await run(existing({ noDstConfig: true }));
    const destination = only(model).destinations[DST_ARN];
    assert.ok(destination);
    assert.deepEqual(
      [destination.name, destination.account, destination.region, destination.versioning, destination.policy],
      [DST_BUCKET, DST_ACCOUNT, undefined, undefined, undefined],
    );
    assert.ok(
      destination.versioningUnknown &&
        destination.encryptionUnknown &&
        destination.policyUnknown &&
        destination.publicAccessBlockUnknown,
    );
  });

  it("still gets the permission proof: the role, keys and source are judged; only what needs its bucket policy is left unjudged", async () => {
    const { model } = await run(existing({ noDstConfig: true }));
    const proofs = replicationProof(only(model));
    assert.equal(proofs.length, 1, "the rule is proven");
    const proof = proofs[0]!;
    assert.equal(proof.path.destination.account, DST_ACCOUNT);
    assert.equal(proof.path.destination.region, "eu-west-1", "from the replica key");
    assert.deepEqual(wrongVerdicts(proofs), []);
    const unjudged = proof.required.filter((item) => item.decision === undefined).map((item) => item.request.action);
    assert.ok(
      unjudged.length > 0 && unjudged.every((action) => /^s3:(Replicate|ObjectOwnerOverride)/.test(action)),
      `unjudged: ${unjudged.join(", ")}`,
    );
    for (const item of proof.required.filter((entry) => entry.decision !== undefined))
      assert.ok(item.decision?.allowed, item.request.id);
    assert.ok(
      proof.required.some((item) => item.request.action === "kms:Encrypt" && item.decision?.allowed),
      "the replica key is judged",
    );
    assert.ok(
      proof.forbidden.some((item) => item.decision !== undefined && !item.decision.allowed),
      "forbidden requests the role's policy alone denies across accounts are judged",
    );
  });

  it("the analysis still runs on the rule: a role without s3:ReplicateObject is reported", async () => {
    const { result } = await run(
      existing({
        noDstConfig: true,
        rolePolicy: (doc) => ({
          ...doc,
          Statement: doc.Statement.map((s) =>
            s.Action === undefined
              ? s
              : {
                  ...s,
                  Action: (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a) => a !== "s3:ReplicateObject"),
                },
          ),
        }),
      }),
    );
    assert.ok(
      result.violations.some(
        (v) =>
          v.policyName === "replication-role-permissions" &&
          /S3R013.*may not s3:ReplicateObject on arn:aws:s3:::orders-dst\//.test(v.message),
      ),
      render(result).join("\n"),
    );
  });
});

describe("policy pack: a rule whose destination.bucket is not a bucket ARN (S3R038)", () => {
  const named =
    (value: string) =>
    (rules: Parameters<NonNullable<Tweaks["rules"]>>[0]): unknown[] =>
      rules.map((rule) => ({ ...rule, destination: { ...rule.destination, bucket: value } }));
  for (const [title, value, problem] of [
    ["the bucket name", DST_BUCKET, /is not an ARN/],
    ["an object ARN", `${DST_ARN}/logs`, /object or prefix ARN/],
    [
      "an ARN with region and account",
      `arn:aws:s3:eu-west-1:${DST_ACCOUNT}:${DST_BUCKET}`,
      /region and account fields must be empty/,
    ],
  ] as const) {
    it(`${title} -> replication-policy-syntax (update and preview)`, async () => {
      for (const preview of [false, true]) {
        const { result } = await run(happyProgram({ rules: named(value) }), { preview });
        const hits = result.violations.filter(
          (v) =>
            v.policyName === "replication-policy-syntax" &&
            /\[S3R038 critical breaks-replication\] s3\.BucketReplicationConfig "replication" \(rule dr\)/.test(
              v.message,
            ),
        );
        assert.ok(hits.length === 1, `${preview ? "preview" : "update"}:\n${render(result).join("\n")}`);
        assert.match(hits[0]!.message, problem);
        assert.match(
          hits[0]!.message,
          new RegExp(
            `DstBucketNotFound.*Fix: set destination\\.bucket to the destination bucket's ARN, arn:aws:s3:::${DST_BUCKET}`,
          ),
        );
        assert.ok(!result.violations.some((v) => /S3R018/.test(v.message)), "not also reported as a malformed ARN");
      }
    });
  }
});

describe("policy pack: the existing-buckets-and-keys example (existing buckets, existing keys with grants)", () => {
  const STACK_CONFIG: Record<string, unknown> = {
    "aws:region": "us-east-1",
    "project:destinationRoleArn": "arn:aws:iam::222222222222:role/replication-deployer",
    "project:sourceBucket": "orders-existing-src",
    "project:sourceKeyArn": "arn:aws:kms:us-east-1:111111111111:key/11111111-1111-4111-8111-111111111111",
    "project:destinationBucket": "orders-existing-dst",
    "project:destinationKeyArn": "arn:aws:kms:eu-west-1:222222222222:key/22222222-2222-4222-8222-222222222222",
  };

  const example = (): unknown =>
    (
      require(path.join(__dirname, "..", "..", "examples", "existing-buckets-and-keys", "program.ts")) as {
        program: () => unknown;
      }
    ).program();

  it("maps both existing buckets and proves the rule: KMS requests allowed by the grants, the destination bucket policy's share unjudged, no wrong verdict", async () => {
    const { result, model } = await run(example, { stackConfig: STACK_CONFIG, project: "project" });
    assert.deepEqual(render(result), []);
    const found = only(model);
    const destination = found.destinations["arn:aws:s3:::orders-existing-dst"];
    assert.ok(destination);
    assert.deepEqual(
      [found.source.account, found.source.region, destination.account, destination.region],
      ["111111111111", "us-east-1", "222222222222", "eu-west-1"],
    );
    assert.ok(
      found.source.policyUnknown && destination.policyUnknown && destination.publicAccessBlockUnknown,
      "no bucket policy or public access block in the stack: unknown",
    );
    const proofs = replicationProof(found);
    assert.equal(proofs.length, 1);
    assert.deepEqual(wrongVerdicts(proofs), []);
    const required = proofs[0]!.required;
    const kms = required.filter((item) => item.request.action.startsWith("kms:"));
    assert.ok(
      kms.length > 0 &&
        kms.every(
          (item) => item.decision?.allowed && item.decision.allowedBy.some((ref) => /kms\.Grant/.test(ref.policy)),
        ),
      "every KMS request allowed by a grant",
    );
    const replicate = required.filter((item) => item.request.action.startsWith("s3:Replicate"));
    assert.ok(
      replicate.length > 0 && replicate.every((item) => item.decision === undefined),
      "cross-account writes wait for the destination owner's bucket policy",
    );
    assert.ok(
      required
        .filter((item) => item.request.resource.includes("orders-existing-src"))
        .every((item) => item.decision?.allowed),
      "same-account source reads allowed by the role's policy",
    );
  });
});
