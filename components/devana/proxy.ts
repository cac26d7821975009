/**
 * Issue 18: the customer's outbound proxy (`devana:proxy`). Pure functions from the configuration
 * to the proxy variables of the pods that reach the internet (API, Odin, vLLM) and to the
 * addresses and ports their NetworkPolicies admit instead of public 443.
 *
 * NO_PROXY keeps everything inside the cluster and the customer's zones direct: in-cluster names
 * (`.svc`, `.cluster.local`), loopback, the Devana domain, the R-NET-ZONES ranges and the cluster's
 * pod and Service ranges. Clients differ on CIDR entries (Go and Python honour them, some Node
 * libraries do not): the names come first so in-cluster calls by Service name never reach the proxy.
 */
import { DEFAULT_CLUSTER_NETWORKS, NO_PROXY_BUILTINS, ZONE_NAMES } from "../../config/defaults";
import type { DevanaConfig } from "../../config/model";

export interface ProxySettings {
    /** HTTP_PROXY / http_proxy. */
    readonly http: string;
    /** HTTPS_PROXY / https_proxy. */
    readonly https: string;
    /** NO_PROXY / no_proxy, comma-separated. */
    readonly noProxy: string;
}

/** Where the proxy listens, for the NetworkPolicies. */
export interface ProxyEndpoint {
    /** CIDR blocks (a lone address as /32). */
    readonly addresses: readonly string[];
    readonly ports: readonly number[];
}

type ProxyConfig = Pick<DevanaConfig, "proxy" | "domain" | "network" | "distribution" | "onprem">;

/** The cluster's pod and Service ranges: `onprem.clusterNetwork`, else the distribution's defaults. */
export function clusterRanges(config: Pick<DevanaConfig, "distribution" | "onprem">): { readonly podCidr: string; readonly serviceCidr: string } {
    const defaults = DEFAULT_CLUSTER_NETWORKS[config.distribution];
    const given = config.onprem?.clusterNetwork;
    const podCidr = given?.podCidr ?? defaults.podCidr;
    if (!podCidr) {
        // checkProxy refuses this configuration (onprem.clusterNetwork.podCidr): never reached from a parsed config.
        throw new Error(`devana:onprem.clusterNetwork.podCidr is required on ${config.distribution}`);
    }
    return { podCidr, serviceCidr: given?.serviceCidr ?? defaults.serviceCidr };
}

/** NO_PROXY entries, in order, without duplicates. */
export function noProxyEntries(config: ProxyConfig): string[] {
    if (!config.proxy) {
        return [];
    }
    const ranges = clusterRanges(config);
    const entries = [
        ...NO_PROXY_BUILTINS,
        // Suffix match in curl, Go, Python and proxy-from-env: covers api. and ws. as well.
        config.domain,
        ...ZONE_NAMES.map((zone) => config.network.zones[zone]),
        ranges.podCidr,
        ranges.serviceCidr,
        ...config.proxy.noProxy,
    ];
    return [...new Set(entries)];
}

/** The proxy variables, or undefined without `devana:proxy`. */
export function proxySettings(config: ProxyConfig): ProxySettings | undefined {
    if (!config.proxy) {
        return undefined;
    }
    return { https: config.proxy.https, http: config.proxy.http ?? config.proxy.https, noProxy: noProxyEntries(config).join(",") };
}

/** Upper- and lower-case forms: Node and curl read the lower-case ones, Go and Python both. */
export function proxyEnv(settings: ProxySettings): { name: string; value: string }[] {
    return [
        { name: "HTTP_PROXY", value: settings.http },
        { name: "HTTPS_PROXY", value: settings.https },
        { name: "NO_PROXY", value: settings.noProxy },
        { name: "http_proxy", value: settings.http },
        { name: "https_proxy", value: settings.https },
        { name: "no_proxy", value: settings.noProxy },
    ];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The proxy's addresses (configured ones, then the URLs' IP literals) and ports. */
export function proxyEndpoint(config: Pick<DevanaConfig, "proxy">): ProxyEndpoint | undefined {
    const proxy = config.proxy;
    if (!proxy) {
        return undefined;
    }
    const urls = [proxy.https, ...(proxy.http ? [proxy.http] : [])].map((u) => new URL(u));
    const literal = urls.filter((u) => IPV4.test(u.hostname)).map((u) => `${u.hostname}/32`);
    const ports = urls.map((u) => (u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80));
    return { addresses: [...new Set([...proxy.addresses, ...literal])], ports: [...new Set(ports)] };
}
