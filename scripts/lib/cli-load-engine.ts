/**
 * The engine's part of scripts/lib/cli-load-child.cjs (which runs under plain node, as the CLI's
 * host does): the offline plan's mock monitor and stack-file reader, bundled for it.
 */
export { OfflineMocks } from "./mocks";
export { readStackFile, stackFilePath } from "./stack-file";
