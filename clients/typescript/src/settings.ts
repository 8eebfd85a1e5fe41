// What the examples need to reach a Cutis server, from the environment, and how they fail.

export interface Settings {
  /** The server, `CUTIS_ADDRESS` (default http://127.0.0.1:8080). */
  address: string;
  /** The workspace the admin examples edit, `CUTIS_WORKSPACE` (default demo). */
  workspace: string;
  /** A delivery key of that workspace, `CUTIS_KEY`. */
  key: string;
  /** An editor's sign-in, `CUTIS_EMAIL` (default the demo's owner) and `CUTIS_PASSWORD`. */
  email: string;
  password: string;
}

export function settings(): Settings {
  return {
    address: process.env.CUTIS_ADDRESS ?? "http://127.0.0.1:8080",
    workspace: process.env.CUTIS_WORKSPACE ?? "demo",
    key: required("CUTIS_KEY"),
    email: process.env.CUTIS_EMAIL ?? "owner@northlight.example",
    password: required("CUTIS_PASSWORD"),
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (cutis serve prints it on its first run)`);
  return value;
}

/** Stops the example when something a site relies on does not hold. */
export function expect(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`expected: ${what}`);
}

/** Stops the example on a request that failed, with the server's problem document. */
export function failed(step: string, response: Response, problem: unknown): never {
  throw new Error(`${step}: ${response.status} ${JSON.stringify(problem)}`);
}
