/** ARN and key reference parsing: each text parsed once per process (bounded), results shared and frozen. */

import assert from "node:assert/strict";
import { KeyReferenceKind, parseArn, parseKeyReference } from "../../components/model/arn";

const KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("arn: parsing remembered by text", () => {
  it("parses an ARN into its parts, the resource keeping its colons", () => {
    assert.deepEqual(parseArn("arn:aws:logs:us-east-1:111111111111:log-group:name:*"), {
      partition: "aws",
      service: "logs",
      region: "us-east-1",
      account: "111111111111",
      resource: "log-group:name:*",
    });
    assert.equal(parseArn("not-an-arn"), undefined);
    assert.equal(parseArn("not-an-arn"), undefined, "a text that is no ARN is remembered as such");
  });

  it("hands every caller of one text the same frozen result", () => {
    const arn = parseArn(KEY_ARN);
    assert.equal(parseArn(KEY_ARN), arn);
    assert.ok(Object.isFrozen(arn));
    const reference = parseKeyReference(KEY_ARN);
    assert.equal(parseKeyReference(KEY_ARN), reference);
    assert.ok(Object.isFrozen(reference));
    assert.equal(reference.kind, KeyReferenceKind.KeyArn);
  });

  it("stays correct past its bound (emptied when full, parsed again)", () => {
    for (let index = 0; index < 20000; index++) parseArn(`arn:aws:s3:::bucket-${index}`);
    assert.equal(parseArn("arn:aws:s3:::bucket-3")?.resource, "bucket-3");
    assert.equal(parseArn(KEY_ARN)?.account, "111111111111");
    assert.equal(parseKeyReference("alias/aws/s3").awsManagedS3Alias, true);
  });
});
