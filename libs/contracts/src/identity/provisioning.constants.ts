// The provisioning standards' fixed addresses (issue 18), without zod.

/** SCIM 2.0 (RFC 7643, RFC 7644): the service provider's base address on the gateway's public address. */
export const SCIM_PATH = '/scim/v2';

/** OneRoster 1.2 rostering, read (1EdTech REST binding): its base address on the gateway's public address. */
export const ONEROSTER_PATH = '/ims/oneroster/rostering/v1p2';
