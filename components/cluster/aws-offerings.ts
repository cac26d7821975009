/**
 * AwsOfferingCheck: at preview and up, asks EC2 which AZ IDs offer each node group's instance type
 * (DescribeInstanceTypeOfferings by availability-zone-id) and which AZ IDs this account's AZ names
 * map to, so a stale `config/facts` snapshot cannot hide a gap (issue 15). A gap fails the run
 * before any node group is created; the config-time check of the facts stays the first line.
 */
import * as aws from "../aws/sdk";
import * as pulumi from "@pulumi/pulumi";

export interface PoolOffering {
    readonly pool: string;
    readonly instanceType: string;
    /** AZ names the pool's subnets are in. */
    readonly availabilityZones: readonly string[];
}

export interface LiveZones {
    readonly names: readonly string[];
    readonly zoneIds: readonly string[];
}

/**
 * What the live answers contradict: a pool AZ whose ID does not offer its type, and configured AZ
 * IDs that are not this account's mapping (the offline check used them). Pure.
 */
export function offeringGaps(pools: readonly PoolOffering[], zones: LiveZones, offered: Readonly<Record<string, readonly string[]>>, configuredZoneIds?: Readonly<Record<string, string>>): string[] {
    const idOf = Object.fromEntries(zones.names.map((n, i) => [n, zones.zoneIds[i]]));
    const gaps: string[] = [];
    for (const [name, id] of Object.entries(configuredZoneIds ?? {})) {
        if (idOf[name] !== id) {
            gaps.push(`devana:aws.availabilityZoneIds: ${name} is ${idOf[name] ?? "not an available AZ"} in this account, not ${id}`);
        }
    }
    for (const p of pools) {
        const missing = p.availabilityZones.filter((z) => !(offered[p.instanceType] ?? []).includes(idOf[z] ?? ""));
        if (missing.length > 0) {
            gaps.push(
                `devana:nodePools.${p.pool}: EC2 does not offer ${p.instanceType} in ${missing.map((z) => `${z} (${idOf[z] ?? "unknown AZ"})`).join(", ")}; it is offered in ${(offered[p.instanceType] ?? []).join(", ") || "no AZ of the region"}`,
            );
        }
    }
    return gaps;
}

export interface AwsOfferingCheckArgs {
    readonly region: string;
    readonly pools: readonly PoolOffering[];
    /** devana:aws.availabilityZoneIds by AZ name, when configured. */
    readonly configuredZoneIds?: Readonly<Record<string, string>>;
}

/** Pass the AWS provider in `opts.providers`; `verified` resolves only when nothing is missing. */
export class AwsOfferingCheck extends pulumi.ComponentResource {
    /** The pools checked; node groups wait on it. */
    public readonly verified: pulumi.Output<string[]>;

    constructor(name: string, args: AwsOfferingCheckArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:cluster:AwsOfferingCheck", name, {}, opts);
        const invoke = { parent: this };
        const zones = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "region-name", values: [args.region] }] }, invoke);
        const types = [...new Set(args.pools.map((p) => p.instanceType))];
        const offered = pulumi
            .all(types.map((t) => aws.ec2.getInstanceTypeOfferingsOutput({ locationType: "availability-zone-id", filters: [{ name: "instance-type", values: [t] }] }, invoke).apply((o) => [t, o.locations] as const)))
            .apply((entries) => Object.fromEntries(entries) as Record<string, string[]>);
        this.verified = pulumi.all([zones, offered]).apply(([z, o]) => {
            const gaps = offeringGaps(args.pools, { names: z.names, zoneIds: z.zoneIds }, o, args.configuredZoneIds);
            if (gaps.length > 0) {
                throw new pulumi.RunError(`EC2 offerings in ${args.region} do not match the configuration:\n  - ${gaps.join("\n  - ")}`);
            }
            return args.pools.map((p) => p.pool);
        });
        this.registerOutputs({ verified: this.verified });
    }
}
