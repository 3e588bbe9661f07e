// A real OpenID Connect provider on loopback for the test suite: panva's certified `oidc-provider`,
// with its built-in development login and consent pages, plus a few /_test/ control endpoints.
//
//   node server.mjs '{"port": 0, "clients": [...], "accounts": [...]}'
//
// The first line on stdout is JSON: {"issuer": "http://127.0.0.1:<port>", "port": <port>}.
// With "path": "/<tenant>/v2.0" the issuer is that path on the server (as Microsoft Entra ID's are), and with
// "extra_claims": {"tid": "..."} every account's ID token carries those claims too.
// With "exit_with_stdin": true it exits when its stdin closes, so a test run that dies leaves no provider behind.
//
// Control endpoints (JSON bodies; loopback only, never in production):
//   POST /_test/clients   {"client_id", "client_secret", "redirect_uris": [...]}: add or replace a client
//   POST /_test/accounts  {"email", "email_verified", "name", "sub"?, "claims"?}: add or replace an account
//   POST /_test/tamper    {"kind": "signature" | "nonce" | "iss" | "aud" | "expired"}: spoil the next ID token
//   POST /_test/reset     forget a pending tamper
import crypto from 'node:crypto';
import http from 'node:http';

import Provider, { errors } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';

const options = JSON.parse(process.argv[2] || '{}');
const accounts = new Map(); // lower-cased email -> {sub, email, email_verified, name}
const clients = new MemoryAdapter('Client'); // the provider reads its clients from here, so they can change
const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const signingJwk = { ...signingKey.export({ format: 'jwk' }), kid: 'loopback-1', alg: 'RS256', use: 'sig' };
let pendingTamper = null;

function addAccount({ email, email_verified = true, name = email, sub, claims = {} }) {
  const account = {
    ...claims, // more claims for this account's ID token (over "extra_claims"), e.g. another tenant's tid
    sub: sub || crypto.createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24),
    email,
    email_verified,
    name,
  };
  accounts.set(email.toLowerCase(), account);
  return account;
}

// --- ID token tampering: the provider issues a real token, then this spoils it on its way out ---------------
const b64 = (value) => Buffer.from(value).toString('base64url');
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());
const sign = (key, header, payload) => {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
};
const strangerKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const tamperings = {
  // Signed by a key that is not in the provider's JWKS, under the provider's key id.
  signature: (header, payload) => sign(strangerKey, header, payload),
  // The next four are signed with the provider's own key: only the claim is wrong.
  nonce: (header, payload) => sign(signingKey, header, { ...payload, nonce: 'not-the-nonce-you-sent' }),
  iss: (header, payload) => sign(signingKey, header, { ...payload, iss: 'http://127.0.0.1:9/unknown-issuer' }),
  aud: (header, payload) => sign(signingKey, header, { ...payload, aud: 'some-other-client' }),
  expired: (header, payload) => sign(signingKey, header, { ...payload, iat: payload.iat - 7200, exp: payload.iat - 3600 }),
};

function tamper(idToken, kind) {
  const [header, payload] = idToken.split('.').slice(0, 2).map(decode);
  return tamperings[kind](header, payload);
}

// --- The provider ---------------------------------------------------------------------------------------------
const server = http.createServer();
await new Promise((resolve) => server.listen(Number(options.port ?? process.env.OIDC_PORT ?? 0), '127.0.0.1', resolve));
const { port } = server.address();
const mountPath = options.path ? `/${options.path.replace(/^\/+|\/+$/g, '')}` : '';
const issuer = `http://127.0.0.1:${port}${mountPath}`;
const extraClaims = options.extra_claims ?? {};

const provider = new Provider(issuer, {
  adapter: MemoryAdapter,
  jwks: { keys: [signingJwk] },
  // The code flow only, with PKCE (S256) always required.
  responseTypes: ['code'],
  pkce: { methods: ['S256'], required: () => true },
  claims: { openid: ['sub', ...Object.keys(extraClaims)], email: ['email', 'email_verified'], profile: ['name'] },
  // Put the email and name in the ID token too, not only in the UserInfo response.
  conformIdTokenClaims: false,
  // The login form of devInteractions takes any login: it names an account by its email. An unknown email
  // ends the sign-in with error=access_denied back at the client, as an identity provider refusing it would.
  async findAccount(ctx, login) {
    const account = accounts.get(String(login).toLowerCase());
    if (!account) throw new errors.AccessDenied(`no account for ${login} at this provider`);
    return { accountId: login, claims: async () => ({ ...extraClaims, ...account }) };
  },
  features: { devInteractions: { enabled: true } },
  // Distinct cookie names: cookies ignore ports, and the app under test runs on the same 127.0.0.1.
  // SameSite=Lax because browsers refuse SameSite=None without Secure, and this is plain http.
  cookies: {
    keys: [crypto.randomBytes(32).toString('hex')],
    names: { session: 'op_session', interaction: 'op_interaction', resume: 'op_interaction_resume' },
    long: { signed: true, httpOnly: true, sameSite: 'lax' },
    short: { signed: true, httpOnly: true, sameSite: 'lax' },
  },
  renderError(ctx, out) {
    ctx.type = 'text/plain';
    ctx.body = `${out.error}: ${out.error_description}`;
  },
});

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
}

async function addClient(metadata) {
  const client = { grant_types: ['authorization_code'], response_types: ['code'], ...metadata };
  await clients.upsert(client.client_id, client);
  try {
    await provider.Client.find(client.client_id); // validates the metadata
  } catch (error) {
    await clients.destroy(client.client_id);
    throw error;
  }
}

const control = {
  '/_test/clients': async (body) => addClient(body),
  '/_test/accounts': async (body) => addAccount(body),
  '/_test/tamper': async ({ kind }) => {
    if (!(kind in tamperings)) throw new Error(`unknown tamper kind ${kind}; known: ${Object.keys(tamperings)}`);
    pendingTamper = kind;
  },
  '/_test/reset': async () => {
    pendingTamper = null;
  },
};

provider.use(async (ctx, next) => {
  const action = control[ctx.path];
  if (action && ctx.method === 'POST') {
    try {
      ctx.body = (await action(await readJson(ctx.req))) ?? { ok: true };
    } catch (error) {
      ctx.status = 400;
      ctx.body = { error: error.message, error_description: error.error_description };
    }
    return;
  }
  await next();
  // The development pages import a web font from Google: a browser under test reaches no outside host.
  if (typeof ctx.body === 'string' && ctx.body.includes('fonts.googleapis.com')) {
    ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);/, '');
  }
  if (ctx.path === '/token' && ctx.body?.id_token && pendingTamper) {
    ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token, pendingTamper) };
    pendingTamper = null;
  }
});

for (const account of options.accounts ?? []) addAccount(account);
for (const client of options.clients ?? []) await addClient(client);

const callback = provider.callback();
server.on('request', (req, res) => {
  if (mountPath) {
    // Mounted at the issuer's path: oidc-provider reads the mount from originalUrl, as under express.
    const [path] = req.url.split('?');
    if (path !== mountPath && !path.startsWith(`${mountPath}/`)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    req.originalUrl = req.url;
    req.url = req.url.slice(mountPath.length) || '/';
    if (req.url.startsWith('?')) req.url = `/${req.url}`;
  }
  callback(req, res);
});
process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
if (options.exit_with_stdin) process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => process.exit(0));
