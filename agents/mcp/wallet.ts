import { readFile } from "node:fs/promises";
import { z } from "zod";
import { PrivateKey } from "../protocol/codecs.js";
import { ConfigError } from "../errors.js";
import { decryptKeystore } from "./keystore.js";

const KeyEnv = z.object({
  PRIVATE_KEY: PrivateKey.optional(),
  KEYSTORE_FILE: z.string().min(1).optional(),
  KEYSTORE_PASSWORD: z.string().optional(),
});

/**
 * The agent's key: PRIVATE_KEY, or an encrypted Ethereum keystore (v3 JSON, scrypt or pbkdf2)
 * in KEYSTORE_FILE opened with KEYSTORE_PASSWORD; undefined when neither is set (a development
 * chain then uses the role's development account). The key is never printed: errors name the
 * variable, not its value.
 */
export async function loadAgentKey(env: Record<string, string | undefined>): Promise<`0x${string}` | undefined> {
  const parsed = KeyEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  if (!parsed.success) throw new ConfigError("invalid PRIVATE_KEY or KEYSTORE_FILE", { fields: parsed.error.issues.map((i) => i.path.join(".")) });
  const { PRIVATE_KEY, KEYSTORE_FILE, KEYSTORE_PASSWORD } = parsed.data;
  if (PRIVATE_KEY && KEYSTORE_FILE) throw new ConfigError("set PRIVATE_KEY or KEYSTORE_FILE, not both");
  if (PRIVATE_KEY) return PRIVATE_KEY;
  if (!KEYSTORE_FILE) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(KEYSTORE_FILE, "utf8"));
  } catch (cause) {
    throw new ConfigError("cannot read KEYSTORE_FILE as JSON", { path: KEYSTORE_FILE, cause: String(cause) });
  }
  return decryptKeystore(json, KEYSTORE_PASSWORD ?? "");
}
