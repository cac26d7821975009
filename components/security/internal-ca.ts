import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

export interface InternalCaArgs {
    /** Subject common name of the root certificate. */
    readonly commonName: string;
    /** Organisation in the subject. @default "Devana" */
    readonly organization?: string;
    /** Validity of the root certificate, days. */
    readonly validityDays: number;
    /** Protect the key and certificate: a new root invalidates every certificate it signed. @default false */
    readonly protect?: boolean;
}

/** Fields of the root certificate, kept pure so tests check them without Pulumi. */
export function caCertificateArgs(args: InternalCaArgs): Omit<tls.SelfSignedCertArgs, "privateKeyPem"> {
    return {
        isCaCertificate: true,
        subject: { commonName: args.commonName, organization: args.organization ?? "Devana" },
        validityPeriodHours: args.validityDays * 24,
        // Renew a year before expiry so cert-manager's issued certificates never outlive their root.
        earlyRenewalHours: 365 * 24,
        allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    };
}

/**
 * The internal root CA for `devana:tls.mode: internal-ca` (R-SEC-TLS: signed certificates from an
 * internal CA): an ECDSA P-384 key and a self-signed root. cert-manager issues from it.
 */
export class InternalCa extends pulumi.ComponentResource {
    /** Root certificate, PEM: public, distributed to pods as NODE_EXTRA_CA_CERTS. */
    public readonly certificatePem: pulumi.Output<string>;
    /** Root private key, PEM: a Pulumi secret. */
    public readonly privateKeyPem: pulumi.Output<string>;

    constructor(name: string, args: InternalCaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("devana:security:InternalCa", name, {}, opts);
        const protect = args.protect ?? false;
        const key = new tls.PrivateKey(`${name}-key`, { algorithm: "ECDSA", ecdsaCurve: "P384" }, { parent: this, protect });
        const cert = new tls.SelfSignedCert(`${name}-root`, { ...caCertificateArgs(args), privateKeyPem: key.privateKeyPem }, { parent: this, protect });
        this.certificatePem = cert.certPem;
        this.privateKeyPem = pulumi.secret(key.privateKeyPem);
        this.registerOutputs({ certificatePem: this.certificatePem, privateKeyPem: this.privateKeyPem });
    }
}
