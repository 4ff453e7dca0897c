import { describe, it } from "mocha";
import { expect } from "chai";
import { privateKeyToAccount } from "viem/accounts";
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

// go-ethereum's test keystore accounts/keystore/testdata/keystore/aaa (scrypt n=8, r=8, p=16; password "foobar"):
// its README names the address the key controls, so the key is checked without trusting the code under test.
const GETH_AAA = {
  address: "f466859ead1932d743d622cb74fc058882e8648a",
  crypto: {
    cipher: "aes-128-ctr",
    ciphertext: "cb664472deacb41a2e995fa7f96fe29ce744471deb8d146a0e43c7898c9ddd4d",
    cipherparams: { iv: "dfd9ee70812add5f4b8f89d0811c9158" },
    kdf: "scrypt",
    kdfparams: { dklen: 32, n: 8, p: 16, r: 8, salt: "0d6769bf016d45c479213990d6a08d938469c4adad8a02ce507b4a4e7b7739f1" },
    mac: "bac9af994b15a45dd39669fc66f9aa8a3b9dd8c22cb16e4d8d7ea089d0f1a1a9",
  },
  id: "472e8b3d-afb6-45b5-8111-72c89895099a",
  version: 3,
};
// go-ethereum's accounts/keystore/testdata/v3_test_vector.json "31_byte_key" (scrypt n=2, r=8, p=1; password "foo"): a key whose leading zero byte was dropped.
const GETH_31_BYTE = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "e0c41130a323adc1446fc82f724bca2f" },
    ciphertext: "9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a3984",
    kdf: "scrypt",
    kdfparams: { dklen: 32, n: 2, r: 8, p: 1, salt: "711f816911c92d649fb4c84b047915679933555030b3552c1212609b38208c63" },
    mac: "d5e116151c6aa71470e67a7d42c9620c75c4d23229847dcc127794f0732b0db5",
  },
  id: "fecfc4ce-e956-48fd-953b-30f8b52ed66c",
  version: 3,
};
// The Web3 Secret Storage page's scrypt example (n=2^18 with r=1): outside RFC 7914's n < 2^(16·r), which OpenSSL enforces.
const SPEC_SCRYPT = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "83dbcc02d8ccb40e466191a123791e0e" },
    ciphertext: "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
    kdf: "scrypt",
    kdfparams: { dklen: 32, n: 262144, r: 1, p: 8, salt: "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19" },
    mac: "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
};

const thrown = (f: () => unknown): AgentError => {
  try {
    f();
  } catch (e) {
    return e as AgentError;
  }
  throw new Error("expected a throw");
};

describe("mcp wallet", () => {
  it("opens a v3 keystore with its password (the spec's test vector)", () => {
    expect(decryptKeystore(VECTOR, "testpassword")).to.equal("0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
  });

  it("opens scrypt keystores: geth's test key controls the address geth names, and a key with a dropped leading zero comes back as 32 bytes", () => {
    const key = decryptKeystore(GETH_AAA, "foobar");
    expect(privateKeyToAccount(key).address.toLowerCase()).to.equal(`0x${GETH_AAA.address}`);
    expect(decryptKeystore(GETH_31_BYTE, "foo")).to.equal("0x00fa7b3db73dc7dfdf8c5fbdb796d741e4488628c41fc4febd9160a866ba0f35");
  });

  it("error: a scrypt keystore with a wrong password, altered parameters or parameters outside RFC 7914 is a ConfigError", () => {
    expect(thrown(() => decryptKeystore(GETH_AAA, "foobaz")).message).to.match(/MAC mismatch/);
    // n, r and p are read from the file, not defaulted: other values derive another key.
    for (const change of [{ n: 16 }, { r: 1 }, { p: 1 }]) {
      const altered = { ...GETH_AAA, crypto: { ...GETH_AAA.crypto, kdfparams: { ...GETH_AAA.crypto.kdfparams, ...change } } };
      const e = thrown(() => decryptKeystore(altered, "foobar"));
      expect(e.code, JSON.stringify(change)).to.equal("CONFIG_INVALID");
      expect(e.message).to.match(/MAC mismatch/);
    }
    const outside = thrown(() => decryptKeystore(SPEC_SCRYPT, "testpassword"));
    expect(outside).to.be.instanceOf(AgentError);
    expect(outside.message).to.match(/n=262144, r=1, p=8 are outside RFC 7914/).and.not.match(/testpassword/);
    const notPowerOfTwo = { ...GETH_AAA, crypto: { ...GETH_AAA.crypto, kdfparams: { ...GETH_AAA.crypto.kdfparams, n: 12 } } };
    expect(thrown(() => decryptKeystore(notPowerOfTwo, "foobar")).code).to.equal("CONFIG_INVALID");
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
