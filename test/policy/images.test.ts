/**
 * Issue 19: the pack's images-from-mirror policy on hand-built stacks (a compliant baseline and one
 * case per violating field), and the annotation contract between the program and the pack. Does not
 * prove chart images come from the mirror: `npm run airgap` and test/charts check the rendered charts.
 */
import { describe, expect, it } from "vitest";
import { IMAGE_MIRROR_ANNOTATION as PROGRAM_ANNOTATION, namespaceAnnotations } from "../../components/platform/namespaces";
import { IMAGE_MIRROR_ANNOTATION, imagesFromMirror, TYPES } from "../../policy/images";
import { POLICY_EXCEPTIONS } from "../../policy/exceptions";
import { failures, res, run, variant } from "./harness";

const MIRROR = "registry.example.internal/devana";
const namespace = (annotations?: Record<string, string>) => res(TYPES.namespace, "devana-namespaces-devana-prod", { metadata: { name: "devana-prod", labels: { "app.kubernetes.io/part-of": "devana" }, annotations } });
const pod = (containers: Record<string, unknown>[], initContainers: Record<string, unknown>[] = []) => ({ template: { spec: { containers, initContainers } } });

const stack = [
    namespace({ [IMAGE_MIRROR_ANNOTATION]: MIRROR }),
    res(TYPES.deployment, "devana-api", { spec: pod([{ name: "api", image: `${MIRROR}/devana/back:2.8.0` }], [{ name: "wait", image: `${MIRROR}/busybox:1.38.0` }]) }),
    res(TYPES.statefulSet, "devana-redis", { spec: pod([{ name: "redis", image: `${MIRROR}/redis:7.4.11` }]) }),
    res(TYPES.cronJob, "devana-snapshot", { spec: { jobTemplate: { spec: pod([{ name: "rclone", image: `${MIRROR}/rclone/rclone:1.75.1` }]) } } }),
    res(TYPES.cnpgCluster, "devana-pg", { spec: { instances: 3, imageName: `${MIRROR}/cloudnative-pg/postgresql:17.11` } }),
];

describe("images-from-mirror", () => {
    it("passes a stack whose every workload image comes from the declared mirror", async () => {
        expect(await run([imagesFromMirror], stack)).toEqual([]);
    });

    it.each([
        [
            "a container",
            1,
            (i: Record<string, any>) => (i.spec.template.spec.containers[0].image = "registry.devana.ai/devana/back:2.8.0"),
            /^devana-api containers\[api\] pulls registry.devana.ai\/devana\/back:2.8.0, outside the image mirror registry.example.internal\/devana \(devana:airgap.registry\)$/,
        ],
        ["an init container", 1, (i: Record<string, any>) => (i.spec.template.spec.initContainers[0].image = "busybox:1.38.0"), /^devana-api initContainers\[wait\] pulls busybox:1.38.0, outside/],
        ["a CronJob's container", 3, (i: Record<string, any>) => (i.spec.jobTemplate.spec.template.spec.containers[0].image = "rclone/rclone:1.75.1"), /^devana-snapshot containers\[rclone\] pulls rclone\/rclone:1.75.1/],
        ["the CloudNativePG image", 4, (i: Record<string, any>) => (i.spec.imageName = "ghcr.io/cloudnative-pg/postgresql:17.11"), /^devana-pg spec.imageName pulls ghcr.io\/cloudnative-pg\/postgresql:17.11, outside/],
        // A look-alike host is not the mirror: the mirror path ends at a slash.
        ["a look-alike registry", 2, (i: Record<string, any>) => (i.spec.template.spec.containers[0].image = `${MIRROR}-evil/redis:7.4.11`), /pulls registry.example.internal\/devana-evil\/redis:7.4.11, outside/],
    ])("fails %s outside the mirror", async (_field, index, mutate, expected) => {
        const messages = await failures(imagesFromMirror, variant(stack, index, mutate));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(expected);
    });

    it("fails a stack that declares two mirrors", async () => {
        const two = [...stack, { ...namespace({ [IMAGE_MIRROR_ANNOTATION]: "other.example/mirror" }), name: "devana-namespaces-devana-ai", urn: "urn:pulumi:test::devana::ns::ai" }];
        expect(await failures(imagesFromMirror, two)).toEqual([`the Devana Namespaces declare different image mirrors (${MIRROR}, other.example/mirror): one stack has one mirror`]);
    });

    it("without a mirror, reports unpinned images as advisory and nothing else", async () => {
        const open = [namespace(), ...stack.slice(1)].map((r, i) => (i === 2 ? variant([r], 0, (x) => (x.spec.template.spec.containers[0].image = "redis:latest"))[0]! : r));
        const withUntagged = variant(open, 1, (x) => (x.spec.template.spec.containers[0].image = "registry.devana.ai/devana/back"));
        const violations = await run([imagesFromMirror], withUntagged);
        expect(violations.map((v) => [v.policy, v.enforcementLevel, v.message.replace(/ \[excepted by .*$/, "")])).toEqual([
            [POLICY_EXCEPTIONS, "advisory", "images-from-mirror: devana-api containers[api] pulls registry.devana.ai/devana/back with no tag"],
            [POLICY_EXCEPTIONS, "advisory", "images-from-mirror: devana-redis containers[redis] pulls redis:latest with the tag latest"],
        ]);
    });

    it("reads the annotation the program writes on the Devana namespaces", () => {
        expect(PROGRAM_ANNOTATION).toBe(IMAGE_MIRROR_ANNOTATION);
        expect(namespaceAnnotations({ name: "devana-prod", podSecurity: "restricted" } as never, MIRROR)).toEqual({ [IMAGE_MIRROR_ANNOTATION]: MIRROR });
        expect(namespaceAnnotations({ name: "devana-prod", podSecurity: "restricted" } as never)).toBeUndefined();
    });
});
