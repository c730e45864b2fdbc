// Required by .mocharc.js. The tests judge real-world stacks, deprecated resource types included on
// purpose (s3.BucketV2 and the V2 bucket settings, which the pack must still read in stacks that use
// them), and @pulumi/aws prints "X is deprecated: ... has been deprecated in favor of ..." through
// pulumi.log.warn at each such construction: over a hundred identical lines that hide real output.
// Only that known SDK warning is dropped from the test log, and one of our own: the construction
// warning "alarm X has no action (...)" (components/monitoring.ts) that every test program building
// an S3Replication without alarmTopic triggers, by design (some 770 lines per run). The tests that
// judge that warning (test/components/monitoring.test.ts) capture pulumi.log.warn themselves, so
// dropping it here hides nothing they check. Every other warning is printed.
"use strict";
const log = require("@pulumi/pulumi/log");

const KNOWN = /^\w+ is deprecated: \S+ has been deprecated in favor of \S+$/;
const ALARM_WITHOUT_ACTION = /^alarm \S+ has no action \(.*\): it would change state and notify nobody; /;
const warn = log.warn;

log.warn = function warnUnlessKnownDeprecation(message, ...rest) {
  if (typeof message === "string" && (KNOWN.test(message) || ALARM_WITHOUT_ACTION.test(message)))
    return Promise.resolve();
  return warn.call(this, message, ...rest);
};
