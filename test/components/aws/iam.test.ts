/**
 * IAM documents of the AWS target (pure): service and pod-identity trust, the KMS-use, cluster
 * autoscaler and load balancer controller policies.
 * Does not prove that AWS evaluates the policies as intended (no IAM simulator offline).
 */
import { describe, expect, it } from "vitest";
import { clusterAutoscalerPolicy, kmsUsePolicy, loadBalancerControllerPolicy, podIdentityTrust, policyDocument, serviceTrust } from "../../../components/aws/iam";

describe("IAM documents", () => {
    it("a policy document is the 2012-10-17 version, then the statements in the order given, each serialised as written", () => {
        const a = { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
        const b = { Sid: "B", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" };
        expect(JSON.stringify(policyDocument(a, b))).toBe(`{"Version":"2012-10-17","Statement":[${JSON.stringify(a)},${JSON.stringify(b)}]}`);
    });

    it("a service trust policy lets the service assume the role, without session tags unless asked", () => {
        expect(JSON.stringify(serviceTrust("vpc-flow-logs.amazonaws.com"))).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}');
    });

    it("Pod Identity roles trust pods.eks.amazonaws.com with session tags", () => {
        expect(podIdentityTrust().Statement[0]).toEqual({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] });
    });

    it("the autoscaler only scales this cluster's groups", () => {
        const write = clusterAutoscalerPolicy("devana-prod").Statement[1];
        expect(write.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/devana-prod": "owned" } });
    });

    it("the load balancer controller's writes are scoped by its cluster tag", () => {
        const doc = loadBalancerControllerPolicy("aws");
        const deletes = doc.Statement.filter((s) => JSON.stringify(s.Action).includes("DeleteLoadBalancer"));
        expect(deletes).toHaveLength(1);
        expect(deletes[0].Condition).toEqual({ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } });
    });

    it("grants on KMS keys are limited to AWS resources", () => {
        expect(kmsUsePolicy(["arn:k"], true).Statement[1].Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
    });
});
