/** The expected subnets of each R-NET-ZONES zone on AWS: its /24 split into three /26s, one per AZ (eu-north-1a, b, c). */
import type { ZoneName } from "../../config/defaults";

export const ZONE_SUBNETS: Record<ZoneName, string[]> = {
    dmz: ["10.0.1.0/26", "10.0.1.64/26", "10.0.1.128/26"],
    app: ["10.0.10.0/26", "10.0.10.64/26", "10.0.10.128/26"],
    services: ["10.0.20.0/26", "10.0.20.64/26", "10.0.20.128/26"],
    data: ["10.0.30.0/26", "10.0.30.64/26", "10.0.30.128/26"],
    ai: ["10.0.40.0/26", "10.0.40.64/26", "10.0.40.128/26"],
    management: ["10.0.99.0/26", "10.0.99.64/26", "10.0.99.128/26"],
};
