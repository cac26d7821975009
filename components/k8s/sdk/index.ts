/**
 * The parts of @pulumi/kubernetes the program uses, under the package root's names, so code keeps
 * writing `k8s.core.v1.Secret`. The root loads every API group (about 115 files, ~40 ms per plan);
 * these load about 40 until a resource class is first used. Add a group here when a component needs
 * it (tsc names the missing one).
 */
export * as apiextensions from "@pulumi/kubernetes/apiextensions";
export * as apps from "@pulumi/kubernetes/apps";
export * as autoscaling from "@pulumi/kubernetes/autoscaling";
export * as batch from "@pulumi/kubernetes/batch";
export * as core from "@pulumi/kubernetes/core";
// helm and yaml through their current versions only: their package indexes load v1/v3, whose
// ConfigFile imports every API group.
export * as helm from "./helm";
export * as networking from "@pulumi/kubernetes/networking";
export * as policy from "@pulumi/kubernetes/policy";
export * as rbac from "@pulumi/kubernetes/rbac";
export * as storage from "@pulumi/kubernetes/storage";
export * as yaml from "./yaml";
export { Provider } from "@pulumi/kubernetes/provider";
export type * as types from "@pulumi/kubernetes/types";
