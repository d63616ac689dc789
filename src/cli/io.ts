/** Where a CLI command writes: the process's streams, or a test's. */
export type CliIo = {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
};
