// The Cutis server the generators and checks talk to, from the same variables as the examples
// (src/settings.ts): CUTIS_ADDRESS, CUTIS_KEY, CUTIS_EMAIL and CUTIS_PASSWORD.

export const address = process.env.CUTIS_ADDRESS ?? "http://127.0.0.1:8080";

export function deliveryKey() {
  return required("CUTIS_KEY");
}

/** An access token for the admin API, signing in as CUTIS_EMAIL with CUTIS_PASSWORD. */
export async function accessToken() {
  const email = process.env.CUTIS_EMAIL ?? "owner@northlight.example";
  const tokens = await request("/v1/auth/login", { email, password: required("CUTIS_PASSWORD") });
  return tokens.access_token;
}

/** The JSON answer to a GET (no body) or POST (a body) of `path`; any status but 2xx throws. */
export async function request(path, body, credential) {
  const headers = { accept: "application/json, application/ld+json" };
  if (credential) headers.authorization = `Bearer ${credential}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${address}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (cutis serve prints it on its first run)`);
  return value;
}
