import * as pulumi from "@pulumi/pulumi";

/** A target whose components have not landed yet; thrown before any resource is created. */
export class NotImplementedError extends pulumi.RunError {
    constructor(target: string, missing: string) {
        super(`devana:target ${target} is not implemented yet: ${missing}. Use devana:target onprem meanwhile.`);
        this.name = "NotImplementedError";
    }
}
