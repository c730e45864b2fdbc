// Update mode gives AWS-like outputs in the provider's account and region; preview leaves unknown
// what AWS only knows after create.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, UNKNOWN, type RunResult } from "../../policypack/testing";
import { byName, DST_ACCOUNT, recordingPolicies, replicationProgram } from "./fixtures";

describe("harness: outputs", () => {
  describe("update mode", () => {
    let result: RunResult;
    before(async () => {
      result = await runPolicies(replicationProgram({ bucketName: "orders-dr" }), recordingPolicies());
    });

    it("names and ARNs buckets, in the region of their provider", () => {
      const dr = byName(result, "dr-bucket");
      assert.equal(dr.outputs["bucket"], "orders-dr");
      assert.equal(dr.outputs["arn"], "arn:aws:s3:::orders-dr");
      assert.equal(dr.outputs["region"], "eu-west-1");
      assert.equal(dr.id, "orders-dr");
      const source = byName(result, "source");
      assert.match(String(source.outputs["bucket"]), /^source-[0-9a-f]{7}$/);
      assert.equal(source.inputs["bucket"], source.outputs["bucket"], "auto-name is part of the checked inputs");
      assert.equal(source.outputs["region"], "us-east-1");
    });

    it("gives KMS keys ids and ARNs in the provider's account and region (mrk- for multi-Region)", () => {
      const key = byName(result, "dr-key");
      assert.match(String(key.outputs["keyId"]), /^mrk-[0-9a-f]{32}$/);
      assert.equal(key.outputs["arn"], `arn:aws:kms:eu-west-1:${DST_ACCOUNT}:key/${String(key.outputs["keyId"])}`);
      assert.equal(key.outputs["enableKeyRotation"], true);
    });

    it("hands the outputs to the program", () => {
      const stack = byName(result, "project-stack");
      assert.equal(stack.outputs["replicaArn"], "arn:aws:s3:::orders-dr");
      assert.equal(stack.outputs["dstAccount"], DST_ACCOUNT);
      assert.match(String(stack.outputs["keyArn"]), new RegExp(`^arn:aws:kms:eu-west-1:${DST_ACCOUNT}:key/mrk-`));
    });

    it("creates replica keys in their own region with the primary's mrk- id, and role/policy/topic/alias ARNs", async () => {
      const r = await runPolicies(() => {
        const use1 = new aws.Provider("use1", { region: "us-east-1", allowedAccountIds: ["333333333333"] });
        const euw1 = new aws.Provider("euw1", { region: "eu-west-1", allowedAccountIds: ["333333333333"] });
        const primary = new aws.kms.Key("primary", { multiRegion: true }, { provider: use1 });
        new aws.kms.ReplicaKey("replica", { primaryKeyArn: primary.arn }, { provider: euw1 });
        new aws.kms.Alias("alias", { name: "alias/orders", targetKeyId: primary.keyId }, { provider: use1 });
        new aws.iam.Role("role", { assumeRolePolicy: "{}" }, { provider: use1 });
        new aws.iam.Policy("policy", { policy: "{}" }, { provider: use1 });
        new aws.sns.Topic("topic", {}, { provider: euw1 });
      }, recordingPolicies());
      const primaryId = String(byName(r, "primary").outputs["keyId"]);
      assert.match(primaryId, /^mrk-/);
      assert.equal(byName(r, "replica").outputs["arn"], `arn:aws:kms:eu-west-1:333333333333:key/${primaryId}`);
      assert.equal(byName(r, "alias").outputs["arn"], "arn:aws:kms:us-east-1:333333333333:alias/orders");
      assert.equal(byName(r, "alias").outputs["targetKeyArn"], `arn:aws:kms:us-east-1:333333333333:key/${primaryId}`);
      const role = byName(r, "role");
      assert.match(String(role.outputs["name"]), /^role-[0-9a-f]{7}$/);
      assert.equal(role.outputs["arn"], `arn:aws:iam::333333333333:role/${String(role.outputs["name"])}`);
      assert.equal(role.outputs["region"], undefined, "IAM is global");
      assert.match(
        String(byName(r, "policy").outputs["arn"]),
        /^arn:aws:iam::333333333333:policy\/policy-[0-9a-f]{7}$/,
      );
      assert.match(String(byName(r, "topic").outputs["arn"]), /^arn:aws:sns:eu-west-1:333333333333:topic-[0-9a-f]{7}$/);
    });

    it("lets a resource's own v7 region argument override its provider's", async () => {
      const r = await runPolicies(
        () => {
          new aws.kms.Key("k", { region: "ap-northeast-1" });
        },
        { ...recordingPolicies(), accounts: { default_7_48_0: "444444444444" } },
      );
      assert.match(
        String(byName(r, "k").outputs["arn"]),
        /^arn:aws:kms:ap-northeast-1:444444444444:key\/[0-9a-f-]{36}$/,
      );
    });

    it("keeps secrets as secrets in inputs and outputs", async () => {
      const r = await runPolicies(() => {
        new aws.s3.Bucket("b", { tags: { owner: pulumi.secret("alice") } });
      }, recordingPolicies());
      const tags = byName(r, "b").inputs["tags"] as Record<string, unknown>;
      assert.deepEqual(tags["owner"], {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "alice",
      });
    });
  });

  describe("preview mode", () => {
    let result: RunResult;
    before(async () => {
      result = await runPolicies(replicationProgram({ bucketName: "orders-dr" }), {
        preview: true,
        ...recordingPolicies(),
      });
    });

    it("leaves ids and ARNs unknown, keeps given and auto-generated names", () => {
      const dr = byName(result, "dr-bucket");
      assert.equal(dr.outputs["bucket"], "orders-dr");
      assert.equal(dr.outputs["arn"], UNKNOWN);
      assert.equal(dr.id, UNKNOWN);
      assert.match(String(byName(result, "source").outputs["bucket"]), /^source-[0-9a-f]{7}$/);
      const key = byName(result, "dr-key");
      assert.equal(key.outputs["arn"], UNKNOWN);
      assert.equal(key.outputs["keyId"], UNKNOWN);
      assert.equal(key.outputs["multiRegion"], true, "set by the program, so known");
    });

    it("sends unknown inputs downstream and unknown provider ids in references", () => {
      const versioning = byName(result, "dr-versioning");
      assert.equal(versioning.inputs["bucket"], UNKNOWN, "bucket.id is unknown in preview");
      assert.equal(versioning.provider?.id, UNKNOWN);
      assert.ok(versioning.provider?.ref.endsWith(`::${UNKNOWN}`));
      assert.equal(byName(result, "project-stack").outputs["replicaArn"], UNKNOWN);
    });

    it("still answers provider functions (they run during a real preview)", () => {
      assert.equal(byName(result, "project-stack").outputs["dstAccount"], DST_ACCOUNT);
    });

    it("leaves every computed attribute the program did not set unknown, as the bridge's plan does", () => {
      const dr = byName(result, "dr-bucket");
      for (const prop of [
        "serverSideEncryptionConfiguration",
        "versioning",
        "replicationConfiguration",
        "policy",
        "objectLockEnabled",
        "bucketDomainName",
      ]) {
        assert.equal(dr.outputs[prop], UNKNOWN, prop);
      }
      assert.equal(dr.outputs["region"], "eu-west-1", "the plan sets the region from the provider");
      const source = byName(result, "source");
      assert.deepEqual(source.outputs["tags"], { team: "storage" }, "what the program set stays known");
      assert.deepEqual(source.outputs["tagsAll"], { team: "storage" });
      const key = byName(result, "dr-key");
      assert.equal(key.outputs["policy"], UNKNOWN);
      assert.equal(key.outputs["rotationPeriodInDays"], UNKNOWN);
      assert.equal(key.outputs["enableKeyRotation"], true);
    });
  });

  describe("what AWS sets and what a refresh reads back", () => {
    function program(): void {
      const logs = new aws.s3.Bucket("Logs-Archive");
      new aws.s3.Bucket("locked", { bucket: "orders-locked", objectLockEnabled: true });
      const data = new aws.s3.Bucket("data", { bucket: "orders-data" });
      const key = new aws.kms.Key("data-key", { enableKeyRotation: true });
      new aws.s3.BucketVersioning("data", { bucket: data.id, versioningConfiguration: { status: "Enabled" } });
      new aws.s3.BucketServerSideEncryptionConfiguration("data", {
        bucket: data.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
            bucketKeyEnabled: true,
          },
        ],
      });
      new aws.s3.BucketPolicy("data", {
        bucket: data.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [data.arn],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      });
      const role = new aws.iam.Role("replication", { name: "orders-replication", assumeRolePolicy: "{}" });
      new aws.s3.BucketReplicationConfig("data", {
        bucket: data.id,
        role: role.arn,
        rules: [
          {
            id: "all",
            status: "Enabled",
            filter: { prefix: "" },
            deleteMarkerReplication: { status: "Disabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: "arn:aws:s3:::orders-replica",
              account: "222222222222",
              encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:eu-west-1:222222222222:key/mrk-1" },
            },
          },
        ],
      });
      new aws.iam.RolePolicy("replication", {
        role: role.name,
        name: "replicate",
        policy: '{"Version":"2012-10-17","Statement":[]}',
      });
      new aws.iam.RolePolicyAttachment("replication", {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      });
      void logs;
    }

    it("update: new buckets are SSE-S3 encrypted and unversioned (versioned with Object Lock), auto-names lower-cased", async () => {
      const r = await runPolicies(program, { ...recordingPolicies() });
      const logs = byName(r, "Logs-Archive");
      assert.match(String(logs.outputs["bucket"]), /^logs-archive-[0-9a-f]{7}$/);
      assert.equal(logs.inputs["bucket"], logs.outputs["bucket"]);
      assert.deepEqual(logs.outputs["serverSideEncryptionConfiguration"], {
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
      });
      assert.deepEqual(logs.outputs["versioning"], { enabled: false, mfaDelete: false });
      assert.equal(logs.outputs["objectLockEnabled"], false);
      assert.deepEqual(byName(r, "locked").outputs["versioning"], { enabled: true, mfaDelete: false });
      // Without a refresh the bucket's outputs are what Create read back: no mirror of the separate resources.
      const data = r.resources.find((x) => x.type === "aws:s3/bucket:Bucket" && x.name === "data");
      assert.deepEqual(data?.outputs["versioning"], { enabled: false, mfaDelete: false });
      assert.equal(data?.outputs["replicationConfiguration"], undefined);
      assert.deepEqual(byName(r, "data-key").outputs["rotationPeriodInDays"], 365);
      assert.deepEqual(r.resources.find((x) => x.type === "aws:iam/role:Role")?.outputs["managedPolicyArns"], []);
    });

    it("refresh: buckets, roles mirror the separately managed settings", async () => {
      const r = await runPolicies(program, { ...recordingPolicies(), refresh: true });
      const data = r.resources.find((x) => x.type === "aws:s3/bucket:Bucket" && x.name === "data");
      assert.ok(data !== undefined);
      const keyArn = byName(r, "data-key").outputs["arn"];
      assert.deepEqual(data.outputs["versioning"], { enabled: true, mfaDelete: false });
      assert.deepEqual(data.outputs["serverSideEncryptionConfiguration"], {
        rule: {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
          bucketKeyEnabled: true,
        },
      });
      assert.match(String(data.outputs["policy"]), /"Resource":\["arn:aws:s3:::orders-data"\]/);
      assert.deepEqual(data.outputs["replicationConfiguration"], {
        role: "arn:aws:iam::111111111111:role/orders-replication",
        rules: [
          {
            id: "all",
            status: "Enabled",
            deleteMarkerReplicationStatus: "Disabled",
            filter: { prefix: "" },
            destination: {
              bucket: "arn:aws:s3:::orders-replica",
              accountId: "222222222222",
              replicaKmsKeyId: "arn:aws:kms:eu-west-1:222222222222:key/mrk-1",
            },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { enabled: true } },
          },
        ],
      });
      const role = r.resources.find((x) => x.type === "aws:iam/role:Role");
      assert.deepEqual(role?.outputs["inlinePolicies"], [
        { name: "replicate", policy: '{"Version":"2012-10-17","Statement":[]}' },
      ]);
      assert.deepEqual(role?.outputs["managedPolicyArns"], ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]);
      const logs = byName(r, "Logs-Archive");
      assert.deepEqual(
        logs.outputs["versioning"],
        { enabled: false, mfaDelete: false },
        "nothing to mirror: AWS's default stays",
      );
    });

    it("gives the deprecated BucketV2 its own shapes (plural lists), for defaults and mirrors", async () => {
      const v2 = (): void => {
        const legacy = new aws.s3.BucketV2("legacy", { bucket: "orders-legacy" });
        new aws.s3.BucketVersioningV2("legacy", { bucket: legacy.id, versioningConfiguration: { status: "Enabled" } });
        new aws.s3.BucketV2("inline", { bucket: "orders-inline", versionings: [{ enabled: true }] });
      };
      const update = await runPolicies(v2, { ...recordingPolicies() });
      const legacy = update.resources.find((x) => x.type === "aws:s3/bucketV2:BucketV2" && x.name === "legacy");
      assert.deepEqual(legacy?.outputs["versionings"], [{ enabled: false, mfaDelete: false }]);
      assert.deepEqual(legacy?.outputs["serverSideEncryptionConfigurations"], [
        { rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }], bucketKeyEnabled: false }] },
      ]);
      assert.equal(legacy?.outputs["versioning"], undefined, "BucketV2 declares no singular versioning");
      assert.deepEqual(
        byName(update, "inline").outputs["versionings"],
        [{ enabled: true }],
        "the program's own setting stays",
      );
      const refreshed = await runPolicies(v2, { ...recordingPolicies(), refresh: true });
      const mirrored = refreshed.resources.find((x) => x.type === "aws:s3/bucketV2:BucketV2" && x.name === "legacy");
      assert.deepEqual(mirrored?.outputs["versionings"], [{ enabled: true, mfaDelete: false }]);
    });

    it("refuses an auto-name longer than the provider allows", async () => {
      await assert.rejects(
        runPolicies(() => {
          new aws.s3.Bucket("a".repeat(60));
        }, recordingPolicies()),
        /plus 7 random chars is longer than maximum length 63/,
      );
    });
  });
});
