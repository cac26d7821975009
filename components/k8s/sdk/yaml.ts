export * as v2 from "@pulumi/kubernetes/yaml/v2";
