/** The replica key is a full key ARN of a customer managed symmetric key in the destination bucket's region (the destination-region replica of a multi-Region key); AWS managed keys never serve across accounts. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicaKey = findingCheck({
  name: "replica-key",
  description:
    "The replica key is a full key ARN of a customer managed symmetric key in the destination bucket's region (the destination-region replica of a multi-Region key); AWS managed keys never serve across accounts.",
  severity: "critical",
  codes: [
    FindingCode.ReplicaKeyNotArn,
    FindingCode.ReplicaKeyWrongRegion,
    FindingCode.AwsManagedKeyCrossAccount,
    FindingCode.ReplicaKeyNotSymmetric,
  ],
});
