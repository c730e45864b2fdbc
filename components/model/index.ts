/** The pure replication model: topology, requests S3 makes, validation and analysis. */
export * from "./actions";
export * from "./arn";
export * from "./policyDocument";
export * from "./requests";
export * from "./topology";
export * from "./validate";
export * from "./analysis";
export * from "./evaluate";
export * from "./findings";
export * from "./cost";
export * from "./found";
export * from "./lint";
export * from "./resourceAnalysis";
export * from "./monitoring";
export * from "./overwrites";
export * from "./nearest";
export * from "./price";
