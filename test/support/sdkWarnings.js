// Required by .mocharc.js. The tests judge real-world stacks, deprecated resource types included on
// purpose (s3.BucketV2 and the V2 bucket settings, which the pack must still read in stacks that use
// them), and @pulumi/aws prints "X is deprecated: ... has been deprecated in favor of ..." through
// pulumi.log.warn at each such construction: over a hundred identical lines that hide real output.
// Only that known SDK warning is dropped from the test log; every other warning is printed.
"use strict";
const log = require("@pulumi/pulumi/log");

const KNOWN = /^\w+ is deprecated: \S+ has been deprecated in favor of \S+$/;
const warn = log.warn;

log.warn = function warnUnlessKnownDeprecation(message, ...rest) {
  if (typeof message === "string" && KNOWN.test(message)) return Promise.resolve();
  return warn.call(this, message, ...rest);
};
