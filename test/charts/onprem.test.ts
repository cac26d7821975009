/** Issue 14: the on-prem stack rendered: RKE2 with the GPU Operator and MetalLB (the kind cluster: dev.test.ts). */
import { ONPREM_EXPECTATIONS } from "./onprem-expectations";
import { chartChecks } from "./stack-checks";

chartChecks("onprem", ONPREM_EXPECTATIONS);
