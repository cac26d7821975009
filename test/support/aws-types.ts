/** The Pulumi resource types the AWS stack tests query, per topic (edge, bucket replication, cloud alarms). */

/** The AWS WAF edge: ALB, listeners, target groups, WAF web ACL and its logging, the Traefik side. */
export const EDGE_TYPES = {
    alb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    association: "aws:wafv2/webAclAssociation:WebAclAssociation",
    logging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    binding: "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding",
    chart: "kubernetes:helm.sh/v4:Chart",
    tlsOption: "kubernetes:traefik.io/v1alpha1:TLSOption",
} as const;

/** The S3 buckets, their keys and settings, and the replication configuration and role. */
export const REPLICATION_TYPES = {
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    publicBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

/** The CloudWatch alarms component, its alarms, SNS topics and subscriptions, and their KMS key. */
export const CLOUD_ALARM_TYPES = {
    component: "devana:platform:AwsCloudAlarms",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
} as const;
