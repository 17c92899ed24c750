// The OpenID Connect provider's fixed names (issue 17), without zod: the console's bundle imports them.

/** Where the provider lives on the gateway's public address: the issuer is PUBLIC_URL + OIDC_PATH. */
export const OIDC_PATH = '/oidc';

/** The console's own registration: a public client with PKCE (built in, not editable). */
export const CONSOLE_CLIENT_ID = 'sesame-console';

/**
 * The API as a resource server (RFC 8707): a client asks for `resource = PUBLIC_URL + API_RESOURCE_PATH`
 * and gets a JWT access token whose audience is API_AUDIENCE, which the gateway verifies like its own.
 */
export const API_RESOURCE_PATH = '/api';
export const API_AUDIENCE = 'sesame-api';
