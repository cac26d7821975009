/** The S3 backup location (the in-cluster SeaweedFS `devana-backups` bucket) the data-tier backup tests write to. */
import type { S3Location } from "../../components/devana/data/backup-target";

export const S3_BACKUPS: S3Location = {
    kind: "s3",
    endpoint: "http://object-store.devana-services.svc.cluster.local:9000",
    region: "us-east-1",
    bucket: "devana-backups",
    forcePathStyle: true,
    provider: "SeaweedFS",
    auth: { kind: "secret", secretName: "object-store-credentials" },
};
