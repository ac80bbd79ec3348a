/**
 * The NATS server of the cluster tests: the one TPLIQ_TEST_NATS_URL names (.ci/run starts one
 * from the Debian packages; `eval "$(bash scripts/nats-for-tests.sh)"` by hand). Without it the
 * cluster tests are skipped on a developer's machine, and fail on CI, where a missing server is a
 * broken set-up, never a pass.
 */
export const CLUSTER_TESTS_RUN = (process.env.TPLIQ_TEST_NATS_URL ?? '') !== '' || process.env.CI !== undefined;

export function testNatsUrl(): string {
  const url = process.env.TPLIQ_TEST_NATS_URL;
  if (url === undefined || url === '') throw new Error('the cluster tests need a NATS server with JetStream: set TPLIQ_TEST_NATS_URL (README, "Development"), or run them through .ci/run, which starts one');
  return url;
}

let namespaces = 0;

/** A namespace of its own for each test: its streams and consumer, created with the test's ack wait. */
export function freshNamespace(): string {
  return `t${process.pid}${Date.now().toString(36)}${++namespaces}`.slice(0, 32);
}
