// The bucket a request's ARN names (foundPath.ts bucketNameOfArn), read in place, is the one the
// parsed ARN names: on random strings of ARN pieces, `parseArn`'s service and resource decide it.
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseArn } from "../../components/model/arn";
import { bucketNameOfArn } from "../../components/model/foundPath";
import { propertyParameters } from "../support/property";

/** The definition: the parsed ARN's resource up to its first `/`, for the s3 service only. */
function parsedBucketName(arn: string): string | undefined {
  const parsed = parseArn(arn);
  return parsed?.service === "s3" ? parsed.resource.split("/")[0] : undefined;
}

describe("model: the bucket an ARN names", () => {
  it("names the bucket of bucket and object ARNs, none for other services or malformed ARNs", () => {
    assert.equal(bucketNameOfArn("arn:aws:s3:::orders-dr"), "orders-dr");
    assert.equal(bucketNameOfArn("arn:aws-cn:s3:::orders-dr/a/b.csv"), "orders-dr");
    assert.equal(bucketNameOfArn("arn:aws:s3:::orders:dr/key"), "orders:dr");
    assert.equal(bucketNameOfArn("arn:aws:kms:us-east-1:111111111111:key/abc"), undefined);
    assert.equal(bucketNameOfArn("arn:aws:s3::orders-dr"), undefined);
    assert.equal(bucketNameOfArn("orders-dr"), undefined);
    assert.equal(bucketNameOfArn(undefined), undefined);
  });

  it("property: agrees with the parsed ARN on random strings of ARN pieces", () => {
    // Fields that may themselves hold colons and slashes, so the field count and the service move.
    const field = fc
      .array(fc.constantFrom("s3", "s3", "s3", "S3", "aws", "kms", "a", "", ":", "/", "arn:"), { maxLength: 2 })
      .map((pieces) => pieces.join(""));
    const head = fc.constantFrom("arn:", "arn:", "arn:", "arn", "ARN:", ":arn:", "");
    let named = 0;
    fc.assert(
      fc.property(head, fc.array(field, { minLength: 1, maxLength: 7 }), (start, fields) => {
        const arn = start + fields.join(":");
        const expected = parsedBucketName(arn);
        if (expected !== undefined) named++;
        assert.equal(bucketNameOfArn(arn), expected, JSON.stringify(arn));
      }),
      propertyParameters(5000),
    );
    assert.ok(named > 100, `${named} strings named a bucket`);
  });
});
