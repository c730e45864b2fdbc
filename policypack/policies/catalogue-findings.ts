/**
 * Every other code of the catalogue: a finding the core emits whose code no other check names is
 * reported here, at the default level of its class (breaks-replication and security block;
 * incomplete-replica, monitoring and advice advise), so a new code reaches the user with no new
 * policy or check.
 */
import { FINDING_RULES, FindingCode } from "s3-replication/components/model";
import { Check, findingCheck } from "./common";

/** The name of the check reporting the codes no other check names. */
export const CATALOGUE_CHECK = "catalogue-findings";

/** The catalogue codes not in `claimed`, in catalogue order. */
export function unclaimedCodes(claimed: Iterable<FindingCode>): FindingCode[] {
  const taken = new Set(claimed);
  return (Object.keys(FINDING_RULES) as FindingCode[]).filter((code) => !taken.has(code));
}

/** The check of the codes no other check names (every class reported, each at its class's level). */
export function catalogueFindings(claimed: Iterable<FindingCode>): Check {
  const codes = unclaimedCodes(claimed);
  return findingCheck({
    name: CATALOGUE_CHECK,
    description: `Every finding of the catalogue no other check names, at its class's default level${codes.length > 0 ? ` (today: ${codes.join(", ")})` : " (today: none)"}.`,
    severity: "high",
    codes,
    enforcementLevel: "mandatory",
    byClass: true,
  });
}
