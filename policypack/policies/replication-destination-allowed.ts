/** Destinations only in the allowed accounts and regions (configurable). */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck, stringList } from "./common";

export const replicationDestinationAllowed = findingCheck({
  name: "replication-destination-allowed",
  description:
    "Replication destinations are only in the allowed accounts and regions (configure allowedDestinationAccounts / allowedDestinationRegions; default: any).",
  severity: "high",
  codes: [FindingCode.DestinationNotAllowed],
  configSchema: {
    properties: {
      allowedDestinationAccounts: {
        type: "array",
        items: { type: "string", pattern: "^[0-9]{12}$" },
        description: "Accounts replication may write to (default: any).",
      },
      allowedDestinationRegions: {
        type: "array",
        items: { type: "string" },
        description: "Regions replication may write to (default: any).",
      },
    },
  },
  options: (config) => {
    const accounts = stringList(config["allowedDestinationAccounts"]);
    const regions = stringList(config["allowedDestinationRegions"]);
    return {
      ...(accounts ? { allowedDestinationAccounts: accounts } : {}),
      ...(regions ? { allowedDestinationRegions: regions } : {}),
    };
  },
});
