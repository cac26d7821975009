/**
 * The AWS load balancer edge builders (pure, issue 10, R-SEC-TLS): the ALB security group rules,
 * ports, target groups and health checks, HSTS and the ACME path.
 * Does not prove that the ALB really negotiates TLS 1.3 with Traefik (documented by AWS for TLS 1.3
 * listener policies, see docs/aws.md).
 */
import { describe, expect, it } from "vitest";
import { ALB_IDLE_TIMEOUT_SECONDS, albSecurityGroupRules, edgePorts, targetGroupSpecs, targetHealthCheck } from "../../../components/edge/aws-waf-edge";
import { tlsOptionSpec } from "../../../components/platform/gateway";

describe("ALB builders (pure)", () => {
    it("opens 443 and 80 from the Internet, and only Traefik's ports towards the pod range", () => {
        const rules = albSecurityGroupRules("100.64.0.0/16", true);
        expect(rules.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks])).toEqual([
            ["tcp", 443, 443, ["0.0.0.0/0"]],
            ["tcp", 80, 80, ["0.0.0.0/0"]],
        ]);
        expect(rules.egress.map((r) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks])).toEqual([
            ["tcp", 443, 443, ["100.64.0.0/16"]],
            ["tcp", 8080, 8080, ["100.64.0.0/16"]],
            ["tcp", 80, 80, ["100.64.0.0/16"]],
        ]);
        // Without ACME, port 80 of the pods is not reachable from the ALB at all.
        expect(albSecurityGroupRules("100.64.0.0/16", false).egress.map((r) => r.fromPort)).toEqual([443, 8080]);
        expect(edgePorts(false).map((p) => p.id)).toEqual(["websecure", "ping"]);
    });

    it("health-checks Traefik's /ping over plain HTTP (an HTTPS check fails on a TLS 1.3-only target)", () => {
        expect(targetHealthCheck()).toEqual({ enabled: true, protocol: "HTTP", port: "8080", path: "/ping", matcher: "200", interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 });
        expect(targetGroupSpecs(true)).toEqual([
            { id: "https", port: 443, protocol: "HTTPS" },
            { id: "acme", port: 80, protocol: "HTTP" },
        ]);
        expect(targetGroupSpecs(false)).toEqual([{ id: "https", port: 443, protocol: "HTTPS" }]);
        expect(ALB_IDLE_TIMEOUT_SECONDS).toBe(600);
    });

    it("Traefik's TLSOption keeps TLS 1.3 minimum; strict SNI can be turned off for the ALB", () => {
        expect(tlsOptionSpec(false)).toEqual({ minVersion: "VersionTLS13", sniStrict: false, alpnProtocols: ["h2", "http/1.1"] });
        expect(tlsOptionSpec()).toMatchObject({ sniStrict: true });
    });
});
