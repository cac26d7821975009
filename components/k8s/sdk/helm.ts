export * as v4 from "@pulumi/kubernetes/helm/v4";
