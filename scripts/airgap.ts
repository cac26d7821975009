/**
 * Issue 19: the air-gap bundle of a stack, from its plan and its rendered charts.
 *
 *   npm run airgap -- --stack <name> [--json | --script]
 *
 * Exit codes: 0 ok, 2 configuration error, 3 program error, 4 a chart failed to render, 5 the
 * render's checks failed, 6 an image is unpinned or (with devana:airgap) a rendered reference is
 * off the mirror, unexplained or two sources collide on one mirror path, 64 usage.
 */
import { AIRGAP_EXIT, runAirgapCli } from "./lib/airgap-cli";
import { runMain } from "./lib/cli-main";

runMain("airgap", runAirgapCli, AIRGAP_EXIT.program);
