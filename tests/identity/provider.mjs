// A real OpenID Connect provider for the tests: the npm package oidc-provider (package.json), on loopback.
// Started by tests/identity/oidc.py with its settings in environment variables; prints "ready <issuer>".
//
//   OIDC_TEST_PORT                       port on 127.0.0.1 (the issuer is http://127.0.0.1:PORT)
//   OIDC_TEST_CLIENT_ID, _CLIENT_SECRET  the portal's client registration
//   OIDC_TEST_REDIRECT_URIS              JSON list of allowed redirect URIs
//   OIDC_TEST_POST_LOGOUT_REDIRECT_URIS  JSON list of allowed post-logout redirect URIs
//   OIDC_TEST_ACCOUNTS                   JSON {login: {email, email_verified, ...}}: the claims of each login
//   OIDC_TEST_CLOCK_OFFSET_SECONDS       shifts the provider's clock (a negative offset issues expired tokens)
//
// Sign-in uses the package's development interactions: any login name with any password; consent is given
// automatically (the portal is a first-party client).
import crypto from 'node:crypto';

import Provider from 'oidc-provider';

const env = process.env;
const offset = Number(env.OIDC_TEST_CLOCK_OFFSET_SECONDS || 0);
if (offset) {
  const realNow = Date.now;
  Date.now = () => realNow() + offset * 1000;
}

const port = Number(env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(env.OIDC_TEST_ACCOUNTS || '{}');
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env.OIDC_TEST_CLIENT_ID,
      client_secret: env.OIDC_TEST_CLIENT_SECRET,
      redirect_uris: JSON.parse(env.OIDC_TEST_REDIRECT_URIS),
      post_logout_redirect_uris: JSON.parse(env.OIDC_TEST_POST_LOGOUT_REDIRECT_URIS || '[]'),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-only-cookie-signing-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'groups', 'role'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...(accounts[id] || {}) };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // Cookies outlive a clock set back by a few hours (their expiry is computed on the provider's clock too).
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Grant: 6 * 3600,
    Interaction: 6 * 3600,
    Session: 6 * 3600,
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
