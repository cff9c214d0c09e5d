// The test runner ends a file that overruns its timeout with a signal; exiting turns that into a
// normal exit, on which each supervisor (single stack or cluster) kills its services instead of
// leaving them running to hold the next file's ports.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(1));
