/**
 * Offline rendering: the offline plan of a stack, then every Helm chart of it rendered with Helm 4
 * from the local chart cache (`DEVANA_CHART_CACHE`, default `.charts/`; fill it with
 * `npm run charts:pull`). Writes every Kubernetes object the stack would create.
 *
 *   npm run render -- --stack <name> [--out DIR] [--json]
 *
 * Exit codes: 0 ok, 2 configuration error, 3 program error, 4 a chart failed to render, 5 a values
 * key the chart does not read or a custom resource that fails its CRD, 64 usage.
 */
import { RENDER_EXIT, runRenderCli } from "./lib/render-cli";
import { runMain } from "./lib/cli-main";

runMain("render", runRenderCli, RENDER_EXIT.program);
