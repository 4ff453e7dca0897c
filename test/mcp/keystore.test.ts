import { describe, it } from "mocha";
import { expect } from "chai";
import { AgentError } from "../../agents/errors.js";
import { decryptKeystore } from "../../agents/mcp/keystore.js";
import { loadAgentKey } from "../../agents/mcp/wallet.js";

// The PBKDF2 test vector of the Web3 Secret Storage definition (password "testpassword").
const VECTOR = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
    ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
    kdf: "pbkdf2",
    kdfparams: { c: 262144, dklen: 32, prf: "hmac-sha256", salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd" },
    mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
};

describe("mcp wallet", () => {
  it("opens a v3 keystore with its password (the spec's test vector)", () => {
    expect(decryptKeystore(VECTOR, "testpassword")).to.equal("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
  });

  it("error: a wrong password, a foreign file or two key sources are a ConfigError that never echoes a secret", async () => {
    const wrong = (() => {
      try {
        decryptKeystore(VECTOR, "guess");
      } catch (e) {
        return e;
      }
    })();
    expect(wrong).to.be.instanceOf(AgentError);
    expect((wrong as AgentError).code).to.equal("CONFIG_INVALID");
    expect((wrong as Error).message).to.match(/MAC mismatch/).and.not.match(/guess/);
    expect(() => decryptKeystore({ version: 1 }, "x")).to.throw(/not a v3 keystore/);
    const key = `0x${"11".repeat(32)}`;
    const both = await loadAgentKey({ PRIVATE_KEY: key, KEYSTORE_FILE: "k.json" }).catch((e: unknown) => e);
    expect((both as AgentError).code).to.equal("CONFIG_INVALID");
    expect((both as Error).message).to.not.include("1111");
    const bad = await loadAgentKey({ PRIVATE_KEY: "0xsecret" }).catch((e: unknown) => e);
    expect((bad as Error).message).to.match(/PRIVATE_KEY/).and.not.match(/secret/);
    expect(await loadAgentKey({ PRIVATE_KEY: key })).to.equal(key);
    expect(await loadAgentKey({})).to.equal(undefined);
  });
});
