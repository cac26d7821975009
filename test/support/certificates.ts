/** Stand-ins for a customer's CA certificates (PEM-shaped, not real certificates). */
export const CUSTOMER_CA = ["-----BEGIN CERTIFICATE-----", "MIIBszCCAVmgAwIBAgIUExampleCustomerRootCA0=", "-----END CERTIFICATE-----"].join("\n");

export const SECOND_CA = ["-----BEGIN CERTIFICATE-----", "MIIBtDCCAVqgAwIBAgIUExampleIssuingCA00000=", "-----END CERTIFICATE-----"].join("\n");
